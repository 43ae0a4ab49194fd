#!/usr/bin/env node
// Builds (cached by its inputs, scripts/go-binary-cache.mjs) the real helm of deploy/helm-tool
// for the chart tests (deploy/chart.test.ts, deploy/chart-prometheus.test.ts), which look for it
// at deploy/helm-tool/bin/helm after `$SIDECARSCOPE_HELM` and `PATH` (deploy/variants.ts).
// `npm test` runs it before the unit suite, so the chart is rendered by helm on every CI run.
// Needs Go (PATH or /usr/local/go/bin) and the Go module proxy on the first build (about 4
// minutes on 2 cores).
//
//   node scripts/helm.mjs --build-only
import { join } from 'node:path';
import { cachedGoBuild, goEnv } from './go-binary-cache.mjs';

const root = join(import.meta.dirname, '..');
export const helmDir = join(root, 'deploy', 'helm-tool');
export const helmBinary = join(helmDir, 'bin', 'helm');

/** Puts helm in deploy/helm-tool/bin, built or from the binary cache; returns the seconds it took. */
export function buildHelm() {
  return cachedGoBuild({
    name: 'helm',
    moduleDir: helmDir,
    packages: ['helm.sh/helm/v3/cmd/helm'],
    outputs: { helm: helmBinary },
    env: goEnv({ GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' }),
  }).seconds;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  if (!process.argv.includes('--build-only')) {
    process.stderr.write('usage: node scripts/helm.mjs --build-only\n');
    process.exit(2);
  }
  process.stdout.write(`helm built in ${buildHelm().toFixed(1)} s\n`);
}
