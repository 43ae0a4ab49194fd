#!/usr/bin/env node
// The demo with a real Prometheus: builds e2e/prometheus if needed (about 12 minutes the first
// time), starts `sidecarscope demo --prometheus-url`, then Prometheus scraping the simulated
// kubelet's cAdvisor and kube-state-metrics endpoints and the dashboard's /metrics, with the
// chart's alert rules loaded.
//
//   node scripts/demo-prometheus.mjs [--port 3000] [--prometheus-port 9090] [demo options…]
//
// Open the dashboard's URL; Prometheus' HTTP API is on http://127.0.0.1:9090/api/v1/… (the module
// build has no web UI). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildPrometheus, startPrometheus } from './prometheus.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const take = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const promPort = Number(take('--prometheus-port', '9090'));
const port = take('--port', '3000');

process.stderr.write('Building e2e/prometheus if needed (the first build takes about 12 minutes on 2 cores) …\n');
buildPrometheus();
const demo = spawn(
  process.execPath,
  [join(root, 'bin', 'sidecarscope.mjs'), 'demo', '--port', port, '--prometheus-url', `http://127.0.0.1:${promPort}`, ...args],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let prometheus;
const stop = async () => {
  await prometheus?.stop();
  demo.kill('SIGTERM');
};
process.once('SIGINT', () => void stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
demo.once('exit', (code) => void prometheus?.stop().then(() => process.exit(code ?? 1)));
let out = '';
demo.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (prometheus !== undefined) return;
  out += String(chunk);
  const match = /scrape:\s+(\S+)\s+(\S+)\s+(\S+)/.exec(out);
  if (!match) return;
  prometheus = null;
  const rules = join(root, 'deploy', 'helm', 'sidecarscope', 'files', 'sidecarscope-rules.yaml');
  startPrometheus({
    targets: match.slice(1),
    port: promPort,
    interval: '5s',
    ruleFiles: [rules],
    log: (line) => process.stderr.write(`prometheus: ${line}\n`),
  }).then(
    (started) => {
      prometheus = started;
      process.stdout.write(`  prometheus: ${started.url} (HTTP API; alerts at ${started.url}/api/v1/alerts)\n`);
    },
    (error) => {
      process.stderr.write(`${error.message}\n`);
      void stop().then(() => process.exit(1));
    },
  );
});
