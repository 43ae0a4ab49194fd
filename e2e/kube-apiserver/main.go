// Command harness starts a real kube-apiserver backed by embedded etcd on loopback, writes an admin
// kubeconfig and a harness.json describing the endpoints, and serves a small control API so tests
// can restart the API server or compact etcd. Reference flag sets: Kubernetes
// cmd/kube-apiserver/app/testing/testserver.go (StartTestServer) at v1.34.4 and controller-runtime
// envtest pkg/internal/testing/controlplane/apiserver.go.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "apiserver":
			runAPIServer(os.Args[2:])
			return
		case "kubelet":
			runKubelet(os.Args[2:])
			return
		case "cri":
			runCRI(os.Args[2:])
			return
		}
	}
	dir := flag.String("dir", "", "state directory (default: a new temporary directory)")
	watchCache := flag.Bool("watch-cache", true, "run kube-apiserver with its watch cache")
	kubelet := flag.Bool("kubelet", false, "also run a hollow kubelet (node "+NodeName+") on the scripted CRI runtime")
	flag.Parse()
	if err := serve(*dir, *watchCache, *kubelet); err != nil {
		log.Fatalf("harness: %v", err)
	}
}

func serve(dir string, watchCache, withKubelet bool) error {
	started := time.Now()
	if dir == "" {
		d, err := os.MkdirTemp("", "kube-apiserver-harness-")
		if err != nil {
			return err
		}
		dir = d
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	pki, err := writePKI(filepath.Join(dir, "pki"))
	if err != nil {
		return fmt.Errorf("pki: %w", err)
	}
	etcd, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.close()
	etcdReady := time.Since(started)

	api, err := newAPIServer(dir, pki, etcd.clientURL, watchCache)
	if err != nil {
		return err
	}
	if err := api.start(); err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	defer api.stop()
	apiReady := time.Since(started)

	ctl, err := startControl(api, etcd)
	if err != nil {
		return err
	}
	info, err := writeInfo(dir, pki, api, ctl, etcd)
	if err != nil {
		return err
	}
	fmt.Printf("etcd ready after %s, kube-apiserver ready after %s\n",
		etcdReady.Round(time.Millisecond), apiReady.Round(time.Millisecond))
	if withKubelet {
		// The kubelet reads the kubeconfig writeInfo wrote; the control API learns of it after.
		n := newNode(dir, api)
		defer n.stop()
		if err := n.start(); err != nil {
			return err
		}
		ctl.setNode(n)
		if info, err = writeInfo(dir, pki, api, ctl, etcd); err != nil {
			return err
		}
		fmt.Printf("node %s Ready after %s\n", NodeName, time.Since(started).Round(time.Millisecond))
	}
	fmt.Printf("KUBECONFIG=%s\n", info.Kubeconfig)
	fmt.Printf("HARNESS_INFO=%s\n", filepath.Join(dir, "harness.json"))

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	select {
	case <-ctx.Done():
	case <-ctl.stopped:
	}
	return nil
}
