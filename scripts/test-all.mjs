#!/usr/bin/env node
// `npm test`: every suite (Vitest unit + server tests, then Playwright in headless Chromium),
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

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestStatus = run('unit and server tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests + (vitest.numFailedTestSuites ?? 0);
  totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  suites.push(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numFailedTestSuites ?? 0} suites failed to run`);
} else {
  totals.failed += 1;
  suites.push(`vitest: no report (exit ${vitestStatus})`);
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
