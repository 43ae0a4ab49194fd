package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// NodeName is the node the hollow kubelet registers (pods name it in spec.nodeName: no scheduler runs).
const NodeName = "sim-node-1"

// child is a supervised process: this binary re-executed with a subcommand.
type child struct {
	mu       sync.Mutex
	args     []string
	logPath  string
	cmd      *exec.Cmd
	exited   chan struct{}
	restarts int
}

func (c *child) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd != nil {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(self, c.args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(exited) }()
	c.cmd, c.exited = cmd, exited
	return nil
}

// stop sends `sig` (SIGTERM: graceful; SIGKILL: a crash) and waits for the exit.
func (c *child) stop(sig syscall.Signal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return
	}
	_ = c.cmd.Process.Signal(sig)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	c.cmd = nil
	c.restarts++
}

func (c *child) running() (bool, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return false, 0
	}
	select {
	case <-c.exited:
		return false, 0
	default:
	}
	return true, c.cmd.Process.Pid
}

// node is the scripted CRI runtime plus the hollow kubelet on top of it. The runtime outlives
// kubelet restarts, as containerd outlives a kubelet restart on a real node.
type node struct {
	runtimeURL string
	runtime    *child
	kubelet    *child
	api        *apiServer
}

func newNode(dir string, api *apiServer) *node {
	socket := filepath.Join(dir, "cri.sock")
	return &node{
		api:        api,
		runtimeURL: filepath.Join(dir, "cri.url"),
		runtime: &child{
			args:    []string{"cri", "--socket", socket, "--control", filepath.Join(dir, "cri.url")},
			logPath: filepath.Join(dir, "cri.log"),
		},
		kubelet: &child{
			args: []string{"kubelet", "--dir", filepath.Join(dir, "kubelet"), "--kubeconfig", filepath.Join(dir, "kubeconfig"),
				"--name", NodeName, "--cri", "unix://" + socket},
			logPath: filepath.Join(dir, "kubelet.log"),
		},
	}
}

func (n *node) start() error {
	_ = os.Remove(n.runtimeURL)
	if err := n.runtime.start(); err != nil {
		return fmt.Errorf("cri runtime: %w", err)
	}
	// The runtime writes its control URL once its CRI socket listens.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(n.runtimeURL); err == nil {
			break
		}
		if running, _ := n.runtime.running(); !running || time.Now().After(deadline) {
			return fmt.Errorf("cri runtime did not start; see %s", n.runtime.logPath)
		}
	}
	if err := n.startKubelet(); err != nil {
		return err
	}
	return nil
}

// startKubelet starts the kubelet and waits until its node reports Ready with a fresh heartbeat.
func (n *node) startKubelet() error {
	since := time.Now().Add(-time.Second)
	if err := n.kubelet.start(); err != nil {
		return fmt.Errorf("kubelet: %w", err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if running, _ := n.kubelet.running(); !running {
			return fmt.Errorf("kubelet exited during start; see %s", n.kubelet.logPath)
		}
		if n.nodeReadySince(since) {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("node %s not Ready after 90s; see %s", NodeName, n.kubelet.logPath)
}

func (n *node) nodeReadySince(since time.Time) bool {
	req, _ := http.NewRequest(http.MethodGet, n.api.url()+"/api/v1/nodes/"+NodeName, nil)
	req.Header.Set("Authorization", "Bearer "+n.api.pki.Tokens["admin"])
	resp, err := n.api.httpClient().Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	var body struct {
		Status struct {
			Conditions []struct {
				Type              string    `json:"type"`
				Status            string    `json:"status"`
				LastHeartbeatTime time.Time `json:"lastHeartbeatTime"`
			} `json:"conditions"`
		} `json:"status"`
	}
	if json.NewDecoder(resp.Body).Decode(&body) != nil {
		return false
	}
	for _, c := range body.Status.Conditions {
		if c.Type == "Ready" && c.Status == "True" && !c.LastHeartbeatTime.Before(since.Truncate(time.Second)) {
			return true
		}
	}
	return false
}

func (n *node) stop() {
	n.kubelet.stop(syscall.SIGTERM)
	n.runtime.stop(syscall.SIGTERM)
}

func (n *node) status() map[string]any {
	k, kpid := n.kubelet.running()
	r, rpid := n.runtime.running()
	return map[string]any{"node": NodeName, "kubelet": map[string]any{"running": k, "pid": kpid, "restarts": n.kubelet.restarts},
		"runtime": map[string]any{"running": r, "pid": rpid}}
}
