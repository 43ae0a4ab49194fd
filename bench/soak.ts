/**
 * The soak: a real-time churn sim (in a child process, bench/remote-sim.ts) feeding a hub and a fan-out with reading clients and one that
 * never reads, watches cut every 45 s and history compacted once, for `seconds`. Heap after GC is
 * taken after sync and at the end (this process: the hub, the fan-out and its clients; not the
 * sim); the hub must end as a mirror of the cluster.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../lib/k8s/clock';
import { startLiveSource } from '../lib/server/live-source';
import { StreamFanout } from '../lib/server/stream-fanout';
import type { StreamClient } from '../lib/server/stream-client';
import { startRemoteChurnSim } from './remote-sim';
import { createHub } from './sim-hub';
import { heapAfterGc, until } from './stats';

export interface SoakResult {
  seconds: number;
  pods: number;
  rate: number;
  heapStart: number;
  heapEnd: number;
  heapSamples: number[];
  entriesEnd: number;
  mirrored: boolean;
  /** When not mirrored: how the hub differs from the cluster. */
  mismatch?: string;
  slowClientBytes: number;
  slowClientOverflows: number;
  watchRestarts: number;
}

function every(intervalMs: number, fn: () => void): () => void {
  const timer = setInterval(fn, intervalMs);
  return () => clearInterval(timer);
}

async function drain(client: StreamClient): Promise<void> {
  while ((await client.next()) !== undefined) {
    // reading is all this client does
  }
}

function describeMismatch(expected: Map<string, string>, hub: ReturnType<typeof createHub>): string {
  const held = new Set([...hub.livePods()].map((pod) => pod.uid));
  const missing = [...expected.keys()].filter((uid) => !held.has(uid));
  const extra = [...held].filter((uid) => !expected.has(uid));
  const stale = [...expected].filter(([uid, rv]) => held.has(uid) && hub.pod(uid)?.digest.resourceVersion !== rv);
  const keys = (uids: string[]) =>
    uids
      .slice(0, 3)
      .map((uid) => hub.pod(uid)?.key ?? uid)
      .join(', ');
  return `${missing.length} missing (${keys(missing)}), ${extra.length} extra (${keys(extra)}), ${stale.length} at an old resourceVersion (${keys(stale.map(([uid]) => uid))})`;
}

export async function soak(seconds: number, pods = 10_000, rate = 1_000): Promise<SoakResult> {
  const churn = await startRemoteChurnSim(pods, rate);
  const hub = createHub(() => Date.now());
  const source = startLiveSource(hub, { transport: churn.transport, clock: systemClock, namespaces: [], metricsIntervalMs: 15_000 });
  const fanout = new StreamFanout(hub, { maxClients: 30, every });
  const housekeeping = every(1000, () => hub.flush());
  try {
    await until(() => hub.isReady(), 120_000, 'the hub to sync');
    const readers = Array.from({ length: 20 }, () => drain(fanout.connect()));
    const slow = fanout.connect();
    await sleep(5_000);
    const heapStart = await heapAfterGc();
    const heapSamples: number[] = [];
    for (let t = 0; t < seconds; t += 15) {
      await sleep(15_000);
      if (t % 45 === 30) await churn.fault(t % 90 === 30 ? 'dropWatchesAbrupt' : 'dropWatches');
      if (t === 60) await churn.fault('compact');
      heapSamples.push(process.memoryUsage().heapUsed);
    }
    await churn.pause();
    const expected = await churn.podVersions();
    const mirrored = await until(
      () => [...expected].every(([uid, rv]) => hub.pod(uid)?.digest.resourceVersion === rv) && hub.size.live === expected.size,
      60_000,
      'the hub to mirror the cluster',
    )
      .then(() => true)
      .catch(() => false);
    const mismatch = mirrored ? undefined : describeMismatch(expected, hub);
    hub.flush();
    const heapEnd = await heapAfterGc();
    const result = {
      seconds,
      pods,
      rate,
      heapStart,
      heapEnd,
      heapSamples,
      entriesEnd: [...hub.pods()].length,
      mirrored,
      mismatch,
      slowClientBytes: slow.queued().bytes,
      slowClientOverflows: slow.overflows,
      watchRestarts: hub.counters.watchRestarts.get('pods') ?? 0,
    };
    fanout.close();
    await Promise.all(readers);
    return result;
  } finally {
    housekeeping();
    source.stop();
    await churn.close();
  }
}
