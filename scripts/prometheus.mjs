#!/usr/bin/env node
// Builds (cached by its inputs, scripts/go-binary-cache.mjs) the real
// Prometheus server and promtool of e2e/prometheus, and starts Prometheus on loopback with a
// generated config scraping the given targets. Used by the test/prometheus suite, the Playwright
// spec e2e/prometheus.spec.ts, scripts/demo-prometheus.mjs, and by hand:
//
//   node scripts/prometheus.mjs [--build-only] [--port 9090] [--interval 2s] [--rules FILE] TARGET_URL...
//
// A TARGET_URL is a full URL of a metrics page (http://127.0.0.1:3000/metrics). Prometheus 3
// refuses a target without the Prometheus content type unless the scrape config names a fallback,
// so every job says `fallback_scrape_protocol: PrometheusText0.0.4`. The module build carries no
// UI assets: the HTTP API (/api/v1/...) works, the web UI answers 500. Needs Go (PATH or
// /usr/local/go/bin) and the Go module proxy on the first build (about 12 minutes on 2 cores).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedGoBuild, goEnv as goEnvWith } from './go-binary-cache.mjs';

const root = join(import.meta.dirname, '..');
export const prometheusDir = join(root, 'e2e', 'prometheus');
export const prometheusBinary = join(prometheusDir, 'bin', 'prometheus');
export const promtoolBinary = join(prometheusDir, 'bin', 'promtool');

/** The module version e2e/prometheus/go.mod requires (Prometheus 3.16.0 is module v0.316.0). */
export const PROMETHEUS_MODULE_VERSION = 'v0.316.0';
const PROMETHEUS_VERSION = '3.16.0';

function goEnv() {
  return goEnvWith({ GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' });
}

function versionLdflags() {
  const pkg = 'github.com/prometheus/common/version';
  return [
    `-X ${pkg}.Version=${PROMETHEUS_VERSION}`,
    `-X ${pkg}.Revision=${PROMETHEUS_MODULE_VERSION}`,
    `-X ${pkg}.Branch=module`,
    `-X ${pkg}.BuildUser=sidecarscope`,
  ].join(' ');
}

/**
 * `remove_all_sd` leaves out every service discovery (Kubernetes, AWS, Azure, GCE, Consul, …): the
 * suites scrape `static_configs` only, and the discovery SDKs (k8s.io/api above all) are about a
 * fifth of the packages and the slowest of them to compile from a cold Go cache.
 */
const BUILD_TAGS = ['remove_all_sd'];
const PACKAGES = ['github.com/prometheus/prometheus/cmd/prometheus', 'github.com/prometheus/prometheus/cmd/promtool'];

/** True when both binaries are in bin/ (they are placed there from the input-keyed cache). */
export function isBuilt() {
  return existsSync(prometheusBinary) && existsSync(promtoolBinary);
}

/**
 * Puts Prometheus and promtool in bin/, built or from the binary cache keyed by their inputs
 * (scripts/go-binary-cache.mjs); returns the seconds it took.
 */
export function buildPrometheus() {
  return cachedGoBuild({
    name: 'prometheus',
    moduleDir: prometheusDir,
    packages: PACKAGES,
    outputs: { prometheus: prometheusBinary, promtool: promtoolBinary },
    ldflags: versionLdflags(),
    tags: BUILD_TAGS,
    env: goEnv(),
  }).seconds;
}

/** The prometheus.yml for `targets` (full URLs), scraped every `interval`. */
export function prometheusConfig(targets, { interval = '2s', ruleFiles = [], evaluationInterval = interval } = {}) {
  const jobs = targets.map((target, index) => {
    const url = new URL(target);
    return [
      `  - job_name: ${JSON.stringify(url.pathname.replace(/^\/+/, '').replace(/[^a-zA-Z0-9]+/g, '-') || `target-${index}`)}`,
      `    scheme: ${url.protocol.replace(':', '')}`,
      `    metrics_path: ${JSON.stringify(url.pathname)}`,
      `    scrape_interval: ${interval}`,
      '    fallback_scrape_protocol: PrometheusText0.0.4',
      '    honor_labels: true',
      `    static_configs: [{ targets: [${JSON.stringify(url.host)}] }]`,
    ].join('\n');
  });
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${evaluationInterval}`,
    ...(ruleFiles.length > 0 ? ['rule_files:', ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

/**
 * Starts Prometheus on 127.0.0.1:`port` (0 picks one from the kernel's ephemeral range by trying)
 * and resolves once /-/ready answers, with its `url` and `stop()`.
 */
export async function startPrometheus({ targets, port = 0, interval = '2s', ruleFiles = [], dir, log = () => {} }) {
  if (!existsSync(prometheusBinary)) throw new Error(`No Prometheus binary at ${prometheusBinary}: build it first (node scripts/prometheus.mjs --build-only).`);
  const temporary = dir === undefined;
  dir ??= mkdtempSync(join(tmpdir(), 'sidecarscope-prom-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(targets, { interval, ruleFiles }));
  const listen = port === 0 ? 20000 + Math.floor(Math.random() * 20000) : port;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${listen}`,
    '--web.enable-lifecycle',
    '--log.level=warn',
  ];
  const child = spawn(prometheusBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => {
    err = (err + chunk).slice(-4000);
    for (const line of String(chunk).split('\n')) if (line.trim()) log(line);
  });
  child.stdout.resume();
  const url = `http://127.0.0.1:${listen}`;
  const stop = () =>
    new Promise((resolve) => {
      const done = () => resolve(temporary && rmSync(dir, { recursive: true, force: true }));
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}) before it was ready:\n${err}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return { url, configFile, dir, stop, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready on ${url}:\n${err}`);
}

/** Runs promtool with `args`; resolves to its exit status and output. */
export function runPromtool(args) {
  const result = spawnSync(promtoolBinary, args, { encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

async function main(args) {
  const value = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  process.stderr.write('Building e2e/prometheus (the first build takes about 12 minutes on 2 cores) …\n');
  process.stderr.write(`built in ${buildPrometheus({ force: args.includes('--force') }).toFixed(1)} s (0 = up to date)\n`);
  if (args.includes('--build-only')) return;
  const flags = new Set(['--port', '--interval', '--rules']);
  const targets = args.filter((a, i) => a.startsWith('http') && !flags.has(args[i - 1] ?? ''));
  if (targets.length === 0) throw new Error('Give at least one target URL, e.g. http://127.0.0.1:3000/metrics');
  const rules = value('--rules');
  const prom = await startPrometheus({
    targets,
    port: Number(value('--port') ?? 9090),
    interval: value('--interval') ?? '5s',
    ruleFiles: rules ? [join(process.cwd(), rules)] : [],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(`Prometheus ${PROMETHEUS_VERSION} on ${prom.url} scraping ${targets.join(', ')} (config ${prom.configFile})\n`);
  process.stdout.write(`${prom.url}\n`);
  const shutdown = () => void prom.stop().then(() => process.exit(0));
  prom.child.once('exit', (code) => process.exit(code ?? 1));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
