package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// apiServer supervises a kube-apiserver child process (this binary re-executed as `apiserver`).
type apiServer struct {
	mu         sync.Mutex
	cmd        *exec.Cmd
	exited     chan struct{}
	args       []string
	watchCache bool
	port       int
	logPath    string
	pki        *pkiFiles
	restarts   int
}

func newAPIServer(dir string, pki *pkiFiles, etcdURL string, watchCache bool) (*apiServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", port),
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--tls-cert-file=" + pki.CertFile,
		"--tls-private-key-file=" + pki.KeyFile,
		"--client-ca-file=" + pki.CAFile,
		"--token-auth-file=" + pki.TokenFile,
		"--authorization-mode=Node,RBAC",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.SAPublicKey,
		"--service-account-signing-key-file=" + pki.SAPrivateKey,
		"--allow-privileged=true",
		// No controller-manager runs, so no "default" ServiceAccount appears in new namespaces
		// (envtest disables this plugin for the same reason).
		"--disable-admission-plugins=ServiceAccount",
		// The tests compact etcd themselves, when they choose to.
		"--etcd-compaction-interval=0",
		"--profiling=false",
		// A loopback address is not a valid Endpoints IP: skip the "kubernetes" service endpoints.
		"--endpoint-reconciler-type=none",
	}
	return &apiServer{args: args, watchCache: watchCache, port: port, logPath: filepath.Join(dir, "apiserver.log"), pki: pki}, nil
}

func (a *apiServer) url() string { return fmt.Sprintf("https://127.0.0.1:%d", a.port) }

func (a *apiServer) start() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cmd != nil {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(a.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	args := append([]string{"apiserver"}, a.args...)
	if !a.watchCache {
		// Watches then go straight to etcd, so a compaction yields a real 410 Gone.
		args = append(args, "--watch-cache=false")
	}
	cmd := exec.Command(self, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(exited) }()
	a.cmd, a.exited = cmd, exited
	return a.waitReady(exited, 180*time.Second)
}

func (a *apiServer) waitReady(exited chan struct{}, timeout time.Duration) error {
	client := a.httpClient()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("kube-apiserver exited during start; see %s", a.logPath)
		default:
		}
		req, _ := http.NewRequest(http.MethodGet, a.url()+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+a.pki.Tokens["admin"])
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("kube-apiserver not ready after %s; see %s", timeout, a.logPath)
}

func (a *apiServer) httpClient() *http.Client {
	pool := x509.NewCertPool()
	if ca, err := os.ReadFile(a.pki.CAFile); err == nil {
		pool.AppendCertsFromPEM(ca)
	}
	return &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
	}}
}

// stop ends the API server: SIGTERM (graceful, watches are closed), SIGKILL after 20s.
func (a *apiServer) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cmd == nil {
		return
	}
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
	case <-time.After(20 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.exited
	}
	a.cmd = nil
	a.restarts++
}

// setWatchCache chooses the watch cache flag for the next start.
func (a *apiServer) setWatchCache(on bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.watchCache = on
}

func (a *apiServer) status() map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	pid := 0
	if a.cmd != nil {
		pid = a.cmd.Process.Pid
	}
	return map[string]any{"running": a.cmd != nil, "pid": pid, "restarts": a.restarts, "watchCache": a.watchCache}
}
