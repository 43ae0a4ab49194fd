#!/usr/bin/env node
// `npm test`: every suite (Vitest unit + server tests, the real kube-apiserver suite, the seed
// scenarios on the real kubelet, the real Prometheus suite, then
// Playwright in headless Chromium),
// then one line CI reads: `N passed, N failed`. Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${[command, ...args].join(' ')}\n`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const suites = [];

function runVitest(label, name, extraArgs) {
  const json = join(results, `${name}.json`);
  rmSync(json, { force: true });
  const status = run(label, bin('vitest'), ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${json}`]);
  const report = readJson(json);
  if (!report) {
    totals.failed += 1;
    suites.push(`${name}: no report (exit ${status})`);
    return;
  }
  const failedSuites = report.testResults?.filter((file) => file.status === 'failed' && file.assertionResults?.length === 0).length ?? 0;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + failedSuites;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Unhandled errors fail the run without failing a test: count them, or CI would read green.
  const unexplained = status !== 0 && report.numFailedTests + failedSuites === 0 ? 1 : 0;
  totals.failed += unexplained;
  suites.push(
    `${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${failedSuites} files failed to load` +
      (unexplained ? `, exit ${status} with errors outside tests` : ''),
  );
}

// The chart tests render the chart with helm: built (cached by its inputs) first, so that they run.
if (run('helm for the chart tests', process.execPath, ['scripts/helm.mjs', '--build-only']) !== 0) {
  totals.failed += 1;
  suites.push('helm: the build failed (the chart tests skip without it)');
}

runVitest('unit and server tests', 'vitest', []);

if (process.env.SIDECARSCOPE_SKIP_CLUSTER === '1') {
  suites.push('cluster: skipped (SIDECARSCOPE_SKIP_CLUSTER=1)');
} else {
  runVitest('real kube-apiserver suite', 'vitest-cluster', ['-c', 'test/cluster/vitest.config.ts']);
}

if (process.env.SIDECARSCOPE_SKIP_KUBELET === '1') {
  suites.push('kubelet: skipped (SIDECARSCOPE_SKIP_KUBELET=1)');
} else {
  runVitest("seed scenarios on Kubernetes' own kubelet", 'vitest-kubelet', ['-c', 'test/kubelet/vitest.config.ts']);
}

if (process.env.SIDECARSCOPE_SKIP_PROMETHEUS === '1') {
  suites.push('prometheus: skipped (SIDECARSCOPE_SKIP_PROMETHEUS=1)');
} else {
  runVitest('real Prometheus suite', 'vitest-prometheus', ['-c', 'test/prometheus/vitest.config.ts']);
}

const skipBrowser = process.env.SIDECARSCOPE_SKIP_E2E === '1';
if (!skipBrowser && existsSync(join(root, 'playwright.config.ts'))) {
  const playwrightJson = join(results, 'playwright.json');
  rmSync(playwrightJson, { force: true });
  const status = run('browser tests (headless Chromium)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  const report = readJson(playwrightJson);
  if (report?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
    totals.passed += expected;
    totals.failed += unexpected + flaky;
    totals.skipped += skipped;
    const errors = report.errors?.length ?? 0;
    totals.failed += errors;
    suites.push(`playwright: ${expected} passed, ${unexpected + flaky} failed, ${skipped} skipped, ${errors} errors`);
  } else {
    totals.failed += 1;
    suites.push(`playwright: no report (exit ${status})`);
  }
}

process.stdout.write(`\n${suites.join('\n')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
