/**
 * Query load of the Prometheus source: queries per fleet poll and per minute, per pod page view
 * (cold and cached), the largest reply and the time to parse and apply it, on a hub of `pods`
 * pods with an istio-proxy native sidecar each. Prometheus is a stand-in transport answering the
 * worst case (every sidecar throttled and OOM-killing a child), so the figures bound the load.
 */
import { aContainer, aPod, aStatus, at, ownedBy, running } from '../lib/model/testing/builders';
import { createPrometheusClient } from '../lib/prometheus/client';
import type { HttpTransport } from '../lib/prometheus/transport';
import { DERIVE_SLICE_MS } from '../lib/server/live-source';
import { PrometheusSource } from '../lib/server/prometheus-source';
import { createHub } from './sim-hub';

export interface PrometheusLoadResult {
  pods: number;
  queriesPerPoll: number;
  queriesPerMinute: number;
  queriesPerPageView: number;
  queriesPerCachedPageView: number;
  largestReplyBytes: number;
  pollMs: number;
  /** The main thread's CPU for the same (`process.threadCpuUsage`: steadier than wall time on a shared machine). */
  pollCpuMs: number;
}

function vector(samples: Record<string, string>[], value: string): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result: samples.map((metric) => ({ metric, value: [1_700_000_000, value] })) } });
}

export async function measurePrometheus(pods: number): Promise<PrometheusLoadResult> {
  const now = Date.parse(at(600));
  const hub = createHub(() => now);
  const raw = Array.from({ length: pods }, (_, i) =>
    aPod({
      name: `svc-${i}-abcde`,
      namespace: `ns-${i % 20}`,
      owner: ownedBy('ReplicaSet', `svc-${i % 500}-7d4b9c8f6d`),
      initContainers: [aContainer('istio-proxy', { restartPolicy: 'Always', limits: { cpu: '100m', memory: '128Mi' } })],
      containers: [aContainer('app')],
      statuses: [aStatus('istio-proxy', running(at(1))), aStatus('app', running(at(2)))],
    }),
  );
  hub.applyPodList('*', raw);
  hub.flush();
  const every = raw.map((p) => ({ namespace: p.metadata.namespace ?? '', pod: p.metadata.name, container: 'istio-proxy' }));
  let queries = 0;
  let largest = 0;
  const transport: HttpTransport = async (call) => {
    queries += 1;
    const query = new URLSearchParams(call.body).get('query') ?? '';
    const body = query.startsWith('count(')
      ? vector([{}], String(pods * 2))
      : call.url.endsWith('query_range')
        ? JSON.stringify({
            status: 'success',
            data: {
              resultType: 'matrix',
              result: [{ metric: { container: 'istio-proxy' }, values: Array.from({ length: 240 }, (_, i) => [1_700_000_000 + i * 15, '0.5']) }],
            },
          })
        : vector(every, query.includes('periods_total') && !query.includes('throttled') ? '6000' : '1');
    largest = Math.max(largest, body.length);
    return { status: 200, body };
  };
  const config = { url: 'http://prometheus', headers: {}, intervalMs: 60_000, windowSeconds: 600, rateSeconds: 60, timeoutMs: 5000, maxConcurrent: 4 };
  const source = new PrometheusSource(hub, config, [], () => now, createPrometheusClient({ url: config.url, transport }));
  const t0 = performance.now();
  const cpu0 = process.threadCpuUsage();
  await source.poll();
  // The pods whose figures changed are derived in slices after the poll (as the runtime does): all of them counted.
  while (!hub.deriveMetricsSome(DERIVE_SLICE_MS)) await new Promise((resolve) => setImmediate(resolve));
  hub.flush();
  const pollMs = performance.now() - t0;
  const cpu = process.threadCpuUsage(cpu0);
  const queriesPerPoll = queries;
  queries = 0;
  await source.podView('ns-0', 'svc-0-abcde', now - 3_600_000, ['istio-proxy', 'app']);
  const queriesPerPageView = queries;
  queries = 0;
  await source.podView('ns-0', 'svc-0-abcde', now - 3_600_000, ['istio-proxy', 'app']);
  return {
    pods,
    queriesPerPoll,
    queriesPerMinute: queriesPerPoll * (60_000 / config.intervalMs),
    queriesPerPageView,
    queriesPerCachedPageView: queries,
    largestReplyBytes: largest,
    pollMs,
    pollCpuMs: (cpu.user + cpu.system) / 1000,
  };
}
