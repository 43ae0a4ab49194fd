/**
 * Initial sync of the hub against the physical baseline (the same pages fetched and parsed, no
 * model), the event loop's delay while the hub syncs, memory retained per pod by the hub, and what
 * client-node's informer cache of full V1Pod objects would hold for the same pods. The sim runs in
 * a child process (bench/remote-sim.ts): this process holds and times the hub alone.
 */
// client-node does not re-export its generated serializer; the informer uses it through the API classes.
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../lib/k8s/clock';
import { startLiveSource } from '../lib/server/live-source';
import { startRemoteChurnSim, type RemoteSim } from './remote-sim';
import { createHub } from './sim-hub';
import { heapAfterGc, until } from './stats';

export interface SyncResult {
  pods: number;
  baselineMs: number;
  hubSyncMs: number;
  /** CPU time of this process (user + system) for the baseline's fetch and parse, and for the hub's sync. */
  baselineCpuMs: number;
  hubCpuMs: number;
  /** Event-loop delay while the hub synced (perf_hooks, 10 ms resolution): p99 and the longest. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
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

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function baseline(churn: RemoteSim): Promise<{ ms: number; cpuMs: number; wire: number }> {
  let best = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  let wire = 0;
  for (let run = 0; run < 2; run += 1) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    wire = await fetchAllPages(churn.url, () => {});
    best = Math.min(best, performance.now() - t0);
    bestCpu = Math.min(bestCpu, cpuMs(cpu0));
  }
  return { ms: best, cpuMs: bestCpu, wire };
}

interface HubSync {
  ms: number;
  cpuMs: number;
  bytesPerPod: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

async function hubSync(churn: RemoteSim, pods: number): Promise<HubSync> {
  // The churn generator's 5-letter name suffixes can collide: the store then holds fewer pods.
  const expected = churn.pods;
  const before = await heapAfterGc();
  const hub = createHub(() => Date.now());
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // BENCH_MARKS=1: the sync's start and end in µs of the monotonic clock `--cpu-prof` uses, to cut a profile to the sync.
  if (process.env.BENCH_MARKS) console.error('mark start', process.hrtime.bigint() / 1000n);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const source = startLiveSource(hub, { transport: churn.transport, clock: systemClock, namespaces: [], metricsIntervalMs: 3_600_000 });
  await until(() => hub.isReady(), 300_000, 'the hub to sync', 5);
  // Rows and counts for every pod: what the first page served needs.
  hub.flush();
  const elapsed = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  // Stopped at once: the first metrics poll follows the first list, and its samples are not the hub's per-pod cost.
  source.stop();
  if (process.env.BENCH_MARKS) console.error('mark end', process.hrtime.bigint() / 1000n);
  // A block that ends the sync is recorded by the histogram only once the timer runs again.
  await sleep(30);
  delay.disable();
  const after = await heapAfterGc();
  if (hub.size.live !== expected) throw new Error(`the hub holds ${hub.size.live} of ${expected} pods`);
  return { ms: elapsed, cpuMs: cpu, bytesPerPod: (after - before) / pods, loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6 };
}

async function informerCache(churn: RemoteSim, pods: number): Promise<number> {
  const before = await heapAfterGc();
  const cache = new Map<string, unknown>();
  await fetchAllPages(churn.url, (item) => {
    const pod = ObjectSerializer.deserialize(item, 'V1Pod') as { metadata?: { uid?: string } };
    cache.set(pod.metadata?.uid ?? String(cache.size), pod);
  });
  const after = await heapAfterGc();
  if (cache.size < churn.pods) throw new Error('informer cache incomplete');
  return (after - before) / pods;
}

/** One size: sim up (child process), baseline twice (best), hub once, informer cache once. */
export async function measureSync(pods: number): Promise<SyncResult> {
  const churn = await startRemoteChurnSim(pods);
  try {
    const base = await baseline(churn);
    const hub = await hubSync(churn, pods);
    const informerBytesPerPod = await informerCache(churn, pods);
    return {
      pods,
      baselineMs: base.ms,
      hubSyncMs: hub.ms,
      baselineCpuMs: base.cpuMs,
      hubCpuMs: hub.cpuMs,
      loopDelayP99Ms: hub.loopDelayP99Ms,
      loopDelayMaxMs: hub.loopDelayMaxMs,
      hubBytesPerPod: hub.bytesPerPod,
      informerBytesPerPod,
      wireBytesPerPod: base.wire / pods,
    };
  } finally {
    await churn.close();
  }
}
