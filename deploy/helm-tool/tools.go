//go:build tools

// Test tooling, not product code: pins the real helm that scripts/helm.mjs builds into bin/ for
// the chart tests (deploy/chart.test.ts). Nothing built here is committed.
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
