/**
 * `metrics.k8s.io/v1beta1` as metrics-server serves it: PodMetrics per container (CPU in
 * nanocores, memory working set in Ki) and NodeMetrics summed from the pods on each node.
 */
import type { ServerResponse } from 'node:http';
import type { SimStore } from '../store';
import { toRfc3339 } from '../time-format';
import { matches, parseSelector } from './selectors';
import { sendJson, sendStatus } from './status';

const GROUP_VERSION = 'metrics.k8s.io/v1beta1';

function podMetricsItems(store: SimStore, now: number, namespace: string | undefined, labelSelector: string | null) {
  const labels = parseSelector(labelSelector);
  return store
    .podMetrics(namespace)
    .filter((m) => matches(labels, (k) => m.labels[k]))
    .map((m) => ({
      kind: 'PodMetrics',
      apiVersion: GROUP_VERSION,
      metadata: { name: m.name, namespace: m.namespace, creationTimestamp: toRfc3339(now), labels: m.labels },
      timestamp: m.timestamp,
      window: m.window,
      containers: m.containers,
    }));
}

export function servePodMetrics(
  res: ServerResponse,
  store: SimStore,
  now: number,
  namespace: string | undefined,
  name: string | undefined,
  query: URLSearchParams,
): void {
  const items = podMetricsItems(store, now, namespace, query.get('labelSelector'));
  if (name === undefined) return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: GROUP_VERSION, metadata: {}, items });
  const item = items.find((i) => i.metadata.name === name);
  if (!item) return sendStatus(res, 404, `podmetrics.metrics.k8s.io "${name}" not found`, { name, group: 'metrics.k8s.io', kind: 'pods' });
  sendJson(res, 200, item);
}

const parseCpuNano = (q: string) => (q.endsWith('n') ? Number(q.slice(0, -1)) : 0);
const parseMemKi = (q: string) => (q.endsWith('Ki') ? Number(q.slice(0, -2)) : 0);

export function serveNodeMetrics(res: ServerResponse, store: SimStore, now: number, name: string | undefined): void {
  const totals = new Map<string, { cpu: number; mem: number }>();
  for (const node of store.list('nodes')) totals.set(node.metadata.name, { cpu: 200_000_000, mem: 900_000 });
  for (const m of store.podMetrics()) {
    const pod = store.get('pods', m.namespace, m.name);
    const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
    const total = nodeName ? totals.get(nodeName) : undefined;
    if (!total) continue;
    for (const c of m.containers) {
      total.cpu += parseCpuNano(c.usage.cpu);
      total.mem += parseMemKi(c.usage.memory);
    }
  }
  const items = [...totals.entries()].map(([node, t]) => ({
    kind: 'NodeMetrics',
    apiVersion: GROUP_VERSION,
    metadata: { name: node, creationTimestamp: toRfc3339(now) },
    timestamp: toRfc3339(now),
    window: '20s',
    usage: { cpu: `${t.cpu}n`, memory: `${t.mem}Ki` },
  }));
  if (name === undefined) return sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: GROUP_VERSION, metadata: {}, items });
  const item = items.find((i) => i.metadata.name === name);
  if (!item) return sendStatus(res, 404, `nodemetrics.metrics.k8s.io "${name}" not found`);
  sendJson(res, 200, item);
}
