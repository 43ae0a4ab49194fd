/**
 * Stream latency: from a pod change in the sim's store to the delta naming that pod's uid arriving
 * at each of N in-process stream clients, through the real path (sim HTTP watch → transport → hub
 * → StreamFanout with its production tick of 100 ms). The sim runs in real time at `rate` updates/s
 * in a child process (bench/remote-sim.ts), which reports each change with its time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../lib/k8s/clock';
import { startLiveSource } from '../lib/server/live-source';
import { StreamFanout } from '../lib/server/stream-fanout';
import type { StreamClient } from '../lib/server/stream-client';
import { startRemoteChurnSim } from './remote-sim';
import { createHub } from './sim-hub';
import { percentile, until } from './stats';

export interface StreamResult {
  clients: number;
  rate: number;
  samples: number;
  p50: number;
  p99: number;
  resyncs: number;
}

function every(intervalMs: number, fn: () => void): () => void {
  const timer = setInterval(fn, intervalMs);
  return () => clearInterval(timer);
}

/** Change times of pods not yet delivered, and the delivery times each frame stands for. */
class LatencyBook {
  readonly pending = new Map<string, number>();
  private readonly frames = new Map<string, number[]>();
  readonly samples: number[] = [];
  resyncs = 0;
  recording = false;

  changed(uid: string, at = performance.now()): void {
    if (!this.pending.has(uid)) this.pending.set(uid, at);
  }

  /** Every client of a tick gets the same frame: the first arrival resolves its uids for all. */
  arrived(frame: string): void {
    const at = performance.now();
    if (frame.includes('"type":"resync"')) this.resyncs += 1;
    if (!frame.startsWith('data: {"type":"delta"')) return;
    let times = this.frames.get(frame);
    if (!times) {
      times = [];
      const body = JSON.parse(frame.slice(6)) as { changed: string[] };
      for (const uid of body.changed) {
        const t = this.pending.get(uid);
        if (t === undefined) continue;
        this.pending.delete(uid);
        times.push(t);
      }
      this.frames.set(frame, times);
      if (this.frames.size > 64) this.frames.delete(this.frames.keys().next().value ?? '');
    }
    if (this.recording) for (const t of times) this.samples.push(at - t);
  }
}

async function drain(client: StreamClient, book: LatencyBook): Promise<void> {
  for (let frame = await client.next(); frame !== undefined; frame = await client.next()) book.arrived(frame);
}

/** One run per client count on one sim of `pods` pods. */
export async function measureStream(pods: number, clientCounts: number[], rate = 1000, seconds = 8, metricsIntervalMs = 15_000): Promise<StreamResult[]> {
  const churn = await startRemoteChurnSim(pods, rate);
  const hub = createHub(() => Date.now());
  const source = startLiveSource(hub, { transport: churn.transport, clock: systemClock, namespaces: [], metricsIntervalMs });
  const results: StreamResult[] = [];
  try {
    await until(() => hub.isReady(), 120_000, 'the hub to sync');
    for (const clients of clientCounts) {
      const book = new LatencyBook();
      await churn.onChanges((uid, at) => book.changed(uid, at));
      const fanout = new StreamFanout(hub, { maxClients: clients + 1, every });
      const open = Array.from({ length: clients }, () => fanout.connect());
      const readers = open.map((c) => drain(c, book));
      await sleep(2_000);
      book.recording = true;
      await sleep(seconds * 1000);
      book.recording = false;
      await churn.onChanges(undefined);
      fanout.close();
      await Promise.all(readers);
      results.push({
        clients,
        rate,
        samples: book.samples.length,
        p50: percentile(book.samples, 50),
        p99: percentile(book.samples, 99),
        resyncs: book.resyncs,
      });
    }
    return results;
  } finally {
    source.stop();
    await churn.close();
  }
}
