//go:build tools

// Test tooling, not product code: pins the real Prometheus server and promtool (same module) that
// scripts/prometheus.mjs builds into bin/. Nothing built here is committed.
package tools

import (
	_ "github.com/prometheus/prometheus/cmd/prometheus"
	_ "github.com/prometheus/prometheus/cmd/promtool"
)
