/**
 * Stream latency: from a pod change in the sim's store to the delta naming that pod's uid arriving
 * at each of N in-process stream clients, through the real path (sim HTTP watch → transport → hub
 * → StreamFanout with its production tick of 100 ms). The sim runs in real time at `rate` updates/s
 * in a child process (bench/remote-sim.ts), which reports each change with its time and
 * resourceVersion.
 *
 * Each change made inside the measured window is one sample per client, resolved by the first
 * delta that names the pod at that version or later; the window's changes are followed past its
 * end until delivered (or counted as undelivered, at an infinite latency). A change is matched to
 * a delta by resourceVersion, not by arrival order: the sim's notice of a change travels over IPC,
 * the change itself over the watch, and the notice can arrive after the delta.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../lib/k8s/clock';
import type { ChangeSet, Hub } from '../lib/server/hub';
import { startLiveSource } from '../lib/server/live-source';
import { StreamFanout } from '../lib/server/stream-fanout';
import type { StreamClient } from '../lib/server/stream-client';
import { startRemoteChurnSim } from './remote-sim';
import { createHub } from './sim-hub';
import { percentile, until } from './stats';

export interface StreamResult {
  clients: number;
  rate: number;
  /** Changes made in the window, times clients. */
  samples: number;
  p50: number;
  p99: number;
  resyncs: number;
  /** Changes of the window no delta named within the drain time after it (infinite samples). */
  undelivered: number;
  /** Changes the hub applied without the pod's row changing (flipped and back within a tick): nothing to deliver. */
  unseen: number;
}

function every(intervalMs: number, fn: () => void): () => void {
  const timer = setInterval(fn, intervalMs);
  return () => clearInterval(timer);
}

/** A delta as the clients received it: the changes it delivered and when each client got it. */
interface Frame {
  changeTimes: number[];
  arrivals: number[];
}

/**
 * Changes of the window, matched to the deltas by the version the hub held when it took the
 * change set the delta was built from.
 */
export class LatencyBook {
  /** uid → changes not yet delivered: [resourceVersion, time]. */
  private readonly pending = new Map<string, [number, number][]>();
  /** uid → the version applied by the hub so far. */
  private readonly applied = new Map<string, number>();
  /** uid → the version the last change set named (row changed) and the frame it went out in. */
  private readonly named = new Map<string, { rv: number; frame?: Frame }>();
  /** uid → the last version derived without its row changing. */
  private readonly quiet = new Map<string, number>();
  private readonly frames = new Map<string, Frame>();
  private readonly delivered: Frame[] = [];
  private from = Number.POSITIVE_INFINITY;
  private to = Number.POSITIVE_INFINITY;
  resyncs = 0;
  unseen = 0;

  /** Counts changes made from now until {@link stop}. */
  start(at = performance.now()): void {
    this.from = at;
  }

  stop(at = performance.now()): void {
    this.to = at;
  }

  /** The sim's notice of a change (may come after the delta). */
  changed(uid: string, rv: number, at: number): void {
    if (at < this.from || at >= this.to) return;
    const named = this.named.get(uid);
    if (named && named.rv >= rv) {
      if (named.frame) named.frame.changeTimes.push(at);
      else this.pendingOf(uid).push([rv, at]);
      return;
    }
    if ((this.quiet.get(uid) ?? -1) >= rv) {
      this.unseen += 1;
      return;
    }
    this.pendingOf(uid).push([rv, at]);
  }

  /** The hub applied a watch event. */
  apply(uid: string, rv: number): void {
    if (rv > (this.applied.get(uid) ?? -1)) this.applied.set(uid, rv);
  }

  /** The fan-out took a change set: its named uids go out in the next frame, at the versions applied now. */
  took(changes: ChangeSet): void {
    const names = new Set(changes.upserts.map((row) => row.uid));
    for (const uid of names) this.named.set(uid, { rv: this.applied.get(uid) ?? -1 });
    for (const uid of changes.changed) {
      if (names.has(uid)) continue;
      const rv = this.applied.get(uid) ?? -1;
      this.quiet.set(uid, rv);
      const waiting = this.pending.get(uid);
      if (!waiting) continue;
      const left = waiting.filter(([v]) => v > rv);
      this.unseen += waiting.length - left.length;
      if (left.length > 0) this.pending.set(uid, left);
      else this.pending.delete(uid);
    }
  }

  /** Every client of a tick gets the same frame: the first arrival resolves its uids for all. */
  arrived(text: string): void {
    const at = performance.now();
    if (text.includes('"type":"resync"')) {
      // Clients refetch everything: every change made so far is delivered now.
      this.resyncs += 1;
      const frame: Frame = { changeTimes: [], arrivals: [at] };
      for (const waiting of this.pending.values()) for (const [, t] of waiting) frame.changeTimes.push(t);
      this.pending.clear();
      this.delivered.push(frame);
      return;
    }
    if (!text.startsWith('data: {"type":"delta"')) return;
    let frame = this.frames.get(text);
    if (frame) {
      frame.arrivals.push(at);
      return;
    }
    frame = { changeTimes: [], arrivals: [at] };
    this.frames.set(text, frame);
    if (this.frames.size > 64) this.frames.delete(this.frames.keys().next().value ?? '');
    this.delivered.push(frame);
    const body = JSON.parse(text.slice(6)) as { changed: string[] };
    for (const uid of body.changed) {
      const named = this.named.get(uid) ?? { rv: this.applied.get(uid) ?? -1 };
      named.frame = frame;
      this.named.set(uid, named);
      const waiting = this.pending.get(uid);
      if (!waiting) continue;
      const left: [number, number][] = [];
      for (const change of waiting) {
        if (change[0] <= named.rv) frame.changeTimes.push(change[1]);
        else left.push(change);
      }
      if (left.length > 0) this.pending.set(uid, left);
      else this.pending.delete(uid);
    }
  }

  /** Changes of the window still waiting for a delta. */
  get waiting(): number {
    let n = 0;
    for (const waiting of this.pending.values()) n += waiting.length;
    return n;
  }

  /** Latencies, one per change per client; undelivered ones as Infinity for `clients` clients. */
  samples(clients: number): number[] {
    const out: number[] = [];
    for (const frame of this.delivered) for (const arrival of frame.arrivals) for (const t of frame.changeTimes) out.push(arrival - t);
    for (let i = 0; i < this.waiting * clients; i += 1) out.push(Number.POSITIVE_INFINITY);
    return out;
  }

  private pendingOf(uid: string): [number, number][] {
    let waiting = this.pending.get(uid);
    if (!waiting) this.pending.set(uid, (waiting = []));
    return waiting;
  }
}

async function drain(client: StreamClient, book: LatencyBook): Promise<void> {
  for (let frame = await client.next(); frame !== undefined; frame = await client.next()) book.arrived(frame);
}

/**
 * Feeds the book what the hub applied and what each change set named (wraps two of its methods);
 * returns the newest resourceVersion the hub's watch has applied.
 */
function observe(hub: Hub, current: () => LatencyBook | undefined): () => number {
  let newest = 0;
  const applyPodEvent = hub.applyPodEvent.bind(hub);
  hub.applyPodEvent = (type, raw) => {
    applyPodEvent(type, raw);
    const metadata = (raw as { metadata?: { uid?: string; resourceVersion?: string } }).metadata;
    const rv = Number(metadata?.resourceVersion);
    if (rv > newest) newest = rv;
    if (metadata?.uid) current()?.apply(metadata.uid, rv);
  };
  const takeChanges = hub.takeChanges.bind(hub);
  hub.takeChanges = () => {
    const changes = takeChanges();
    current()?.took(changes);
    return changes;
  };
  return () => newest;
}

/** One run per client count on one sim of `pods` pods. */
export async function measureStream(pods: number, clientCounts: number[], rate = 1000, seconds = 8, metricsIntervalMs = 15_000): Promise<StreamResult[]> {
  const churn = await startRemoteChurnSim(pods, rate);
  const hub = createHub(() => Date.now());
  let book: LatencyBook | undefined;
  const applied = observe(hub, () => book);
  const source = startLiveSource(hub, { transport: churn.transport, clock: systemClock, namespaces: [], metricsIntervalMs });
  const results: StreamResult[] = [];
  try {
    await until(() => hub.isReady(), 120_000, 'the hub to sync');
    for (const clients of clientCounts) {
      // Steady state first: the watch events that piled up during the sync (seconds of them on a
      // busy machine) are applied before a run starts, or its first seconds measure the catch-up.
      let latest = 0;
      for (const rv of (await churn.podVersions()).values()) latest = Math.max(latest, Number(rv));
      await until(() => applied() >= latest, 60_000, 'the hub to catch up with the sim');
      const current = new LatencyBook();
      book = current;
      await churn.onChanges((uid, at, rv) => current.changed(uid, rv, at));
      const fanout = new StreamFanout(hub, { maxClients: clients + 1, every });
      const open = Array.from({ length: clients }, () => fanout.connect());
      const readers = open.map((c) => drain(c, current));
      // Warm-up: the clients' hellos, and any change made before they connected, are not counted.
      await sleep(2_000);
      current.start();
      await sleep(seconds * 1000);
      current.stop();
      // Follow the window's changes until delivered (the slowest are the point of a p99).
      await until(() => current.waiting === 0, 5_000, 'the window to be delivered').catch(() => undefined);
      await churn.onChanges(undefined);
      fanout.close();
      await Promise.all(readers);
      const samples = current.samples(clients);
      results.push({
        clients,
        rate,
        samples: samples.length,
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        resyncs: current.resyncs,
        undelivered: current.waiting,
        unseen: current.unseen,
      });
    }
    return results;
  } finally {
    book = undefined;
    source.stop();
    await churn.close();
  }
}
