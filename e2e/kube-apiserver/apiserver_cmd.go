package main

import (
	"os"

	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

// runAPIServer runs the real kube-apiserver command in this process with the given flags. The
// harness re-executes itself as `harness apiserver <flags>` so it can stop and restart the API
// server (mid-watch) while etcd keeps running.
func runAPIServer(args []string) {
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		os.Exit(1)
	}
}
