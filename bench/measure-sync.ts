/**
 * Initial sync of the hub against the physical baseline (the same pages fetched and parsed, no
 * model), memory retained per pod by the hub, and what client-node's informer cache of full
 * V1Pod objects would hold for the same pods.
 */
// client-node does not re-export its generated serializer; the informer uses it through the API classes.
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { systemClock } from '../lib/k8s/clock';
import { startLiveSource } from '../lib/server/live-source';
import { createHub, startChurnSim, type ChurnSim } from './sim-hub';
import { heapAfterGc, until } from './stats';

export interface SyncResult {
  pods: number;
  baselineMs: number;
  hubSyncMs: number;
  hubBytesPerPod: number;
  informerBytesPerPod: number;
  wireBytesPerPod: number;
}

const PAGE = 500;

/** Fetches every pod page with limit/continue and parses it: the least any client must do. */
async function fetchAllPages(url: string, keep: (item: unknown) => void): Promise<number> {
  let cont: string | undefined;
  let wire = 0;
  do {
    const query = new URLSearchParams({ limit: String(PAGE), ...(cont ? { continue: cont } : {}) });
    const text = await (await fetch(`${url}/api/v1/pods?${query}`)).text();
    wire += text.length;
    const page = JSON.parse(text) as { items: unknown[]; metadata?: { continue?: string } };
    for (const item of page.items) keep(item);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return wire;
}

async function baseline(churn: ChurnSim): Promise<{ ms: number; wire: number }> {
  let best = Number.POSITIVE_INFINITY;
  let wire = 0;
  for (let run = 0; run < 2; run += 1) {
    const t0 = performance.now();
    wire = await fetchAllPages(churn.sim.url, () => {});
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, wire };
}

async function hubSync(churn: ChurnSim, pods: number): Promise<{ ms: number; bytesPerPod: number }> {
  // The churn generator's 5-letter name suffixes can collide: the store then holds fewer pods.
  const expected = churn.sim.store.list('pods').length;
  const before = await heapAfterGc();
  const hub = createHub(() => churn.sim.engine.now());
  const t0 = performance.now();
  const source = startLiveSource(hub, { transport: churn.transport, clock: systemClock, namespaces: [], metricsIntervalMs: 3_600_000 });
  await until(() => hub.isReady(), 300_000, 'the hub to sync', 5);
  hub.flush();
  const elapsed = performance.now() - t0;
  const after = await heapAfterGc();
  source.stop();
  if (hub.size.live !== expected) throw new Error(`the hub holds ${hub.size.live} of ${expected} pods`);
  return { ms: elapsed, bytesPerPod: (after - before) / pods };
}

async function informerCache(churn: ChurnSim, pods: number): Promise<number> {
  const before = await heapAfterGc();
  const cache = new Map<string, unknown>();
  await fetchAllPages(churn.sim.url, (item) => {
    const pod = ObjectSerializer.deserialize(item, 'V1Pod') as { metadata?: { uid?: string } };
    cache.set(pod.metadata?.uid ?? String(cache.size), pod);
  });
  const after = await heapAfterGc();
  if (cache.size < churn.sim.store.list('pods').length) throw new Error('informer cache incomplete');
  return (after - before) / pods;
}

/** One size: sim up, baseline twice (best), hub once, informer cache once. */
export async function measureSync(pods: number): Promise<SyncResult> {
  const churn = await startChurnSim(pods);
  try {
    const base = await baseline(churn);
    const hub = await hubSync(churn, pods);
    const informerBytesPerPod = await informerCache(churn, pods);
    return { pods, baselineMs: base.ms, hubSyncMs: hub.ms, hubBytesPerPod: hub.bytesPerPod, informerBytesPerPod, wireBytesPerPod: base.wire / pods };
  } finally {
    await churn.sim.close();
  }
}
