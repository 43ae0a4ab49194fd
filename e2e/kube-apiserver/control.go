package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

type control struct {
	url      string
	stopped  chan struct{}
	stopOnce sync.Once
	mu       sync.Mutex
	node     *node
}

func (c *control) setNode(n *node) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node = n
}

func (c *control) getNode() *node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.node
}

// startControl serves the harness control API on loopback:
//
//	GET  /status             {"running":bool,"pid":n,"restarts":n,"watchCache":bool}
//	POST /apiserver/stop     stop kube-apiserver (etcd keeps running)
//	POST /apiserver/start    start it again and wait until /readyz is ok
//	POST /apiserver/restart  stop, optionally wait ?downMs=, start; ?watchCache=true|false picks
//	                         the --watch-cache flag from then on
//	POST /etcd/compact       compact etcd at its current revision: {"revision":n}
//	POST /shutdown           stop everything and exit
//
// With --kubelet:
//
//	GET  /node               {"node":name,"kubelet":{"running","pid","restarts"},"runtime":{...}}
//	POST /kubelet/stop       stop the kubelet (?signal=KILL for a crash; default TERM); the
//	                         runtime and its containers keep running
//	POST /kubelet/start      start it and wait until the node is Ready again
//	POST /kubelet/restart    stop, optionally wait ?downMs=, start (?signal= as for stop)
func startControl(api *apiServer, etcd *etcdServer) (*control, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c := &control{url: "http://" + l.Addr().String(), stopped: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
		reply(w, api.status(), nil)
	})
	mux.HandleFunc("POST /apiserver/stop", func(w http.ResponseWriter, _ *http.Request) {
		api.stop()
		reply(w, map[string]any{"running": false}, nil)
	})
	mux.HandleFunc("POST /apiserver/start", func(w http.ResponseWriter, _ *http.Request) {
		reply(w, map[string]any{"running": true}, api.start())
	})
	mux.HandleFunc("POST /apiserver/restart", func(w http.ResponseWriter, r *http.Request) {
		api.stop()
		if wc, err := strconv.ParseBool(r.URL.Query().Get("watchCache")); err == nil {
			api.setWatchCache(wc)
		}
		if ms, err := strconv.Atoi(r.URL.Query().Get("downMs")); err == nil && ms > 0 {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
		reply(w, map[string]any{"running": true}, api.start())
	})
	mux.HandleFunc("POST /etcd/compact", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		rev, err := etcd.compact(ctx)
		reply(w, map[string]any{"revision": rev}, err)
	})
	withNode := func(w http.ResponseWriter, f func(n *node) (map[string]any, error)) {
		n := c.getNode()
		if n == nil {
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": "no kubelet: start the harness with --kubelet"})
			return
		}
		body, err := f(n)
		reply(w, body, err)
	}
	signalOf := func(r *http.Request) syscall.Signal {
		if r.URL.Query().Get("signal") == "KILL" {
			return syscall.SIGKILL
		}
		return syscall.SIGTERM
	}
	mux.HandleFunc("GET /node", func(w http.ResponseWriter, _ *http.Request) {
		withNode(w, func(n *node) (map[string]any, error) { return n.status(), nil })
	})
	mux.HandleFunc("POST /kubelet/stop", func(w http.ResponseWriter, r *http.Request) {
		withNode(w, func(n *node) (map[string]any, error) {
			n.kubelet.stop(signalOf(r))
			return map[string]any{"running": false}, nil
		})
	})
	mux.HandleFunc("POST /kubelet/start", func(w http.ResponseWriter, _ *http.Request) {
		withNode(w, func(n *node) (map[string]any, error) { return map[string]any{"running": true}, n.startKubelet() })
	})
	mux.HandleFunc("POST /kubelet/restart", func(w http.ResponseWriter, r *http.Request) {
		withNode(w, func(n *node) (map[string]any, error) {
			n.kubelet.stop(signalOf(r))
			if ms, err := strconv.Atoi(r.URL.Query().Get("downMs")); err == nil && ms > 0 {
				time.Sleep(time.Duration(ms) * time.Millisecond)
			}
			return map[string]any{"running": true}, n.startKubelet()
		})
	})
	mux.HandleFunc("POST /shutdown", func(w http.ResponseWriter, _ *http.Request) {
		reply(w, map[string]any{"stopping": true}, nil)
		go func() { time.Sleep(50 * time.Millisecond); c.stopOnce.Do(func() { close(c.stopped) }) }()
	})
	go func() { _ = http.Serve(l, mux) }()
	return c, nil
}

func reply(w http.ResponseWriter, body map[string]any, err error) {
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		body = map[string]any{"error": err.Error()}
	}
	_ = json.NewEncoder(w).Encode(body)
}

// harnessInfo is written to <dir>/harness.json for the TypeScript side.
type harnessInfo struct {
	Dir        string            `json:"dir"`
	Server     string            `json:"server"`
	CAFile     string            `json:"caFile"`
	Kubeconfig string            `json:"kubeconfig"`
	Tokens     map[string]string `json:"tokens"`
	ControlURL string            `json:"controlUrl"`
	EtcdURL    string            `json:"etcdUrl"`
	LogFile    string            `json:"apiserverLog"`
	PID        int               `json:"pid"`
	Node       *nodeInfo         `json:"node,omitempty"`
}

// nodeInfo: the hollow kubelet's node, when the harness runs one.
type nodeInfo struct {
	Name       string `json:"name"`
	KubeletLog string `json:"kubeletLog"`
	RuntimeLog string `json:"runtimeLog"`
}

func writeInfo(dir string, pki *pkiFiles, api *apiServer, c *control, etcd *etcdServer) (*harnessInfo, error) {
	info := &harnessInfo{
		Dir: dir, Server: api.url(), CAFile: pki.CAFile, Kubeconfig: filepath.Join(dir, "kubeconfig"),
		Tokens: pki.Tokens, ControlURL: c.url, EtcdURL: etcd.clientURL, LogFile: api.logPath,
		PID: os.Getpid(),
	}
	if n := c.getNode(); n != nil {
		info.Node = &nodeInfo{Name: NodeName, KubeletLog: n.kubelet.logPath, RuntimeLog: n.runtime.logPath}
	}
	kubeconfig := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: harness
  cluster:
    server: %s
    certificate-authority: %s
users:
- name: admin
  user:
    token: %s
contexts:
- name: harness
  context:
    cluster: harness
    user: admin
current-context: harness
`, info.Server, info.CAFile, pki.Tokens["admin"])
	if err := os.WriteFile(info.Kubeconfig, []byte(kubeconfig), 0o600); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, err
	}
	return info, os.WriteFile(filepath.Join(dir, "harness.json"), data, 0o600)
}
