/**
 * The stack the suite runs: the simulated cluster on a real clock (serving the Kubernetes API,
 * `/metrics/cadvisor` and `/metrics/kube-state-metrics`), the dashboard's server side connected to
 * it with a Prometheus source, its `/metrics` on a loopback port, and a real Prometheus scraping
 * all three with the shipped rules loaded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '@/lib/k8s/clock';
import { loadKubeConfig } from '@/lib/k8s/kubeconfig';
import { createKubeTransport } from '@/lib/k8s/transport';
import { readConfig } from '@/lib/server/config';
import { startLiveSource } from '@/lib/server/live-source';
import { renderMetrics } from '@/lib/server/prometheus';
import { renderExportMetrics } from '@/lib/server/prometheus-export';
import { createRuntime, type Runtime } from '@/lib/server/runtime';
import { startSimCluster, type SimCluster } from '@/lib/sim';
import { startPrometheus } from '../../scripts/prometheus.mjs';

export const RULES_FILE = join(import.meta.dirname, '..', '..', 'deploy', 'helm', 'sidecarscope', 'files', 'sidecarscope-rules.yaml');

export interface Stack {
  sim: SimCluster;
  runtime: Runtime;
  metricsUrl: string;
  prometheusUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function serveMetrics(runtime: Runtime): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(renderMetrics(runtime.hub, 0, runtime.prometheus) + renderExportMetrics(runtime.hub, runtime.prometheusSource));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Starts everything; `speed` runs the sim faster than real time (CPU counters then grow `speed`
 * times faster in Prometheus' eyes; shares of periods and event counts are unaffected).
 */
export async function startStack(options: { scenarios: string[]; speed: number; env?: Record<string, string> }): Promise<Stack> {
  const promPort = await freePort();
  const env: Record<string, string> = {
    SIDECARSCOPE_PROMETHEUS_URL: `http://127.0.0.1:${promPort}`,
    SIDECARSCOPE_PROMETHEUS_INTERVAL_SECONDS: '2',
    SIDECARSCOPE_PROMETHEUS_WINDOW_SECONDS: '60',
    SIDECARSCOPE_PROMETHEUS_RATE_SECONDS: '8',
    ...options.env,
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  // The clock starts once the dashboard has listed the pods: it then observes every container
  // become started and ready (times a status never reports), which the startup histograms need.
  const sim = await startSimCluster({ scenarios: options.scenarios, speed: options.speed, manualClock: true });
  const kc = loadKubeConfig({ mode: 'kubeconfig', kubeconfig: sim.kubeconfigPath });
  const transport = createKubeTransport(kc);
  const config = readConfig({ SIDECARSCOPE_MODE: 'kubeconfig' });
  const runtime = createRuntime(
    config,
    systemClock,
    (hub) => startLiveSource(hub, { transport, clock: systemClock, namespaces: [], metricsIntervalMs: 2000 }),
    'sim',
  );
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await eventually("the dashboard's first pod list", () => (runtime.hub.isReady() ? true : undefined), 60_000);
  sim.engine.resume();
  const metrics = await serveMetrics(runtime);
  const metricsUrl = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics`;
  const prometheus = await startPrometheus({
    targets: [metricsUrl, `${sim.url}/metrics/cadvisor`, `${sim.url}/metrics/kube-state-metrics`],
    port: promPort,
    interval: '1s',
    ruleFiles: [RULES_FILE],
  });
  return {
    sim,
    runtime,
    metricsUrl,
    prometheusUrl: prometheus.url,
    async stop() {
      await prometheus.stop();
      runtime.stop();
      await new Promise((resolve) => metrics.close(resolve));
      await sim.close();
    },
  };
}

/** Polls `check` every 500 ms until it returns a value (not undefined) or `ms` pass. */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** An instant query straight to Prometheus (the test's own view, not the dashboard's client). */
export async function promQuery(prometheusUrl: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data?.result ?? [];
}

export interface Alert {
  labels: Record<string, string>;
  state: string;
}

/** The alerts firing now, from `/api/v1/alerts`. */
export async function firingAlerts(prometheusUrl: string): Promise<Alert[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/alerts`);
  const body = (await response.json()) as { data?: { alerts?: Alert[] } };
  return (body.data?.alerts ?? []).filter((a) => a.state === 'firing');
}
