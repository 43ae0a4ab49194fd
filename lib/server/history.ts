/**
 * The history store wired to a hub: opened at start (a failure leaves the live view running, with
 * history "off" and the reason), rehydrated into the hub before the first list, then flushed every
 * second and trimmed to its retention every ten minutes. Also watches the clock: a jump forward
 * (a suspended laptop, a stalled process) is recorded as a gap; a jump back is logged and never
 * moves the heartbeat back.
 */
import 'server-only';
import { StoreError } from '../history/errors';
import { HistoryRecorder } from '../history/recorder';
import { SqliteHistoryStore } from '../history/sqlite-store';
import { SqliteWorkerStore } from '../history/sqlite-worker-store';
import { PgHistoryStore } from '../history/pg-store';
import { lazyStore } from '../history/lazy-store';
import { DEFAULT_RETENTION, type HistoryStore, type StoredPod, type StoredSample } from '../history/types';
import type { EventDigest, MetricsSample } from '../model/types';
import type { HistoryView } from '../model/views';
import type { HistoryConfig } from './config';
import type { Hub } from './hub';
import type { RestoredPod } from './history-sink';

export interface History {
  store: HistoryStore;
  recorder: HistoryRecorder;
  config: HistoryConfig;
  /** Refreshed every few seconds by the loop, for `/metrics` and the time control. */
  footprint: { bytes: number; oldest?: number };
}

const log = (line: string): void => void process.stderr.write(`sidecarscope: ${line}\n`);

/**
 * Opens the store: PostgreSQL when `config.databaseUrl` is set (connecting in the background; a
 * failure pauses history with its reason), else the SQLite file in `config.dataDir`, written and
 * read in a worker thread so that no transaction blocks the event loop (on the main thread, with
 * one log line, if the worker cannot start); `{ off }` with a one-line reason when the file cannot
 * be opened.
 */
export function openHistory(config: HistoryConfig, cluster: string, now: () => number, logLine = log): History | { off: string } {
  if (config.databaseUrl !== undefined) {
    const ready = PgHistoryStore.open(cluster, config.databaseUrl);
    ready.catch((error: unknown) =>
      logLine(
        `history: cannot use SIDECARSCOPE_DATABASE_URL (${error instanceof StoreError ? error.message : error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'error'})`,
      ),
    );
    const store = lazyStore(cluster, ready);
    return { store, recorder: new HistoryRecorder(store, { now, log: logLine }), config, footprint: { bytes: 0 } };
  }
  const options = { dir: config.dataDir, setting: '--data-dir / SIDECARSCOPE_DATA_DIR', log: logLine, now };
  try {
    let store: HistoryStore;
    try {
      store = new SqliteWorkerStore(cluster, options);
    } catch (error) {
      if (error instanceof StoreError && error.code !== 'writer-stopped') throw error;
      logLine(
        `history: the writer thread could not start (${error instanceof Error ? error.message : 'error'}); writing on the main thread, where a large batch delays the dashboard`,
      );
      store = new SqliteHistoryStore(cluster, options);
    }
    return { store, recorder: new HistoryRecorder(store, { now, log: logLine }), config, footprint: { bytes: 0 } };
  } catch (error) {
    const reason = error instanceof StoreError ? error.message : `The history store could not be opened (${error instanceof Error ? error.name : 'error'}).`;
    logLine(`history off: ${reason}`);
    return { off: reason };
  }
}

const REHYDRATE_PARALLEL = 256;

function toMetricsSamples(stored: StoredSample[]): MetricsSample[] {
  return stored.filter((s) => s.resolutionMs === 0).map((s) => ({ at: s.at, containers: s.containers }));
}

/**
 * Puts what the store knows into the hub: gaps, the process-down gap since the last heartbeat,
 * open pods with their observations, samples of the metrics window and events, open findings.
 * With an allow-list (`namespaces`), an open pod of another namespace (the list was narrowed
 * since) is not restored: no loop would ever relist its namespace to end it, so it is closed in
 * the store when it was last seen, as a pod gone while nobody watched.
 */
export async function rehydrate(hub: Hub, history: History, metricsHistoryMs: number, namespaces: readonly string[] = []): Promise<void> {
  const { store, recorder } = history;
  const now = hub.options.now();
  for (const gap of await store.gaps(now - history.config.retentionMs, now)) hub.addGap(gap);
  const heartbeat = await store.lastHeartbeat();
  if (heartbeat !== undefined && heartbeat < now) {
    const gap = { from: heartbeat, to: now, reason: 'process-down' as const };
    recorder.gap(gap);
    hub.addGap(gap);
  } else if (heartbeat !== undefined && heartbeat > now + 1000) {
    log(`history: the clock is ${Math.round((heartbeat - now) / 1000)} s behind the last recorded time; times recorded now may interleave with older ones`);
  }
  const restored: RestoredPod[] = [];
  const events: EventDigest[] = [];
  // A pod restored ends, if it must, when it was last seen: its own time, or the heartbeat after it.
  const lastSeenOf = (pod: StoredPod) => Math.max(pod.lastSeen, Math.min(heartbeat ?? pod.lastSeen, now));
  const allowed = new Set(namespaces);
  const open: StoredPod[] = [];
  const outside: StoredPod[] = [];
  for (const pod of await store.openPods()) (allowed.size === 0 || allowed.has(pod.digest.namespace) ? open : outside).push(pod);
  // A few hundred pods' reads in flight at a time: the SQLite store answers from its worker thread,
  // one round trip each, so asking one after the other would add the round trips up.
  for (let i = 0; i < open.length; i += REHYDRATE_PARALLEL) {
    const group = open.slice(i, i + REHYDRATE_PARALLEL);
    const read = await Promise.all(
      group.map((pod) => Promise.all([store.samples(pod.digest.uid, now - metricsHistoryMs, now), store.events(pod.digest.namespace, pod.digest.name, now)])),
    );
    group.forEach((pod, k) => {
      const [samples, podEvents] = read[k] ?? [[], []];
      restored.push({
        digest: pod.digest,
        observations: pod.observations,
        samples: toMetricsSamples(samples),
        lastSeen: lastSeenOf(pod),
      });
      events.push(...podEvents);
    });
  }
  recorder.restoreOpenFindings(await store.findingsBetween(now, now));
  // After the open findings: ending the pod clears its findings too.
  for (const pod of outside) recorder.podDeleted(pod.digest.uid, lastSeenOf(pod), 'last-seen');
  hub.restore(restored, events);
}

/** Starts the flush and retention loop; the returned function writes what is left and closes the store. */
export function startHistoryLoop(hub: Hub, history: History, every: (ms: number, fn: () => void) => () => void, flushMs = 1_000): () => void {
  const { recorder, store, config } = history;
  let last: number | undefined;
  let busy = false;
  let stopped = false;
  const policy = { ...DEFAULT_RETENTION, maxAgeMs: config.retentionMs, maxBytes: config.maxBytes };
  let nextRetention = hub.options.now() + 60_000;
  let nextFootprint = 0;
  const tick = async () => {
    // The tick ran, so the process did: a write still in flight for longer than the jump's
    // threshold (a slow disk, a starved writer thread) is not a period nothing watched.
    const now = hub.options.now();
    noteClockJump(hub, recorder, last, now, flushMs);
    last = Math.max(last ?? now, now);
    if (busy) {
      // A write still in flight (a slow disk): the status shows it if history had to drop what waited.
      hub.setHistory(viewOf(history));
      return;
    }
    busy = true;
    try {
      const closed = recorder.observeStatus(hub.status.current(now), now);
      if (closed) hub.addGap(closed);
      await recorder.flush();
      if (now >= nextRetention && recorder.state.state === 'recording') {
        nextRetention = now + 10 * 60_000;
        await store.enforceRetention(now, policy);
        nextFootprint = 0;
      }
      if (now >= nextFootprint) {
        nextFootprint = now + 10_000;
        history.footprint = await store.footprint();
      }
      hub.setHistory(viewOf(history));
    } catch (error) {
      // After stop the store is closed under a tick still in flight: its failure is the close's.
      if (!stopped) log(`history: housekeeping failed (${error instanceof Error ? error.name : 'error'})`);
    } finally {
      busy = false;
    }
  };
  const stop = every(flushMs, () => void tick());
  // The last batch is written synchronously (the SQLite worker is waited for), so it is on disk
  // before the store closes, and the close returns with the lock free for the next runtime (a
  // context switch opens it again).
  return () => {
    stopped = true;
    stop();
    recorder.flushSync();
    void store.close();
  };
}

/** The store's state as the summary shows it. */
export function viewOf(history: History): HistoryView {
  const state = history.recorder.state;
  const oldest = history.footprint.oldest;
  if (state.state === 'paused')
    return { state: 'paused', reason: state.reason ?? 'write failed', since: state.since ?? 0, ...(oldest === undefined ? {} : { oldest }) };
  return oldest === undefined ? { state: 'recording' } : { state: 'recording', oldest };
}

/** A tick far later than due is a period nothing watched; a tick earlier than the last one is a clock set back. */
export function noteClockJump(hub: Hub, recorder: HistoryRecorder, last: number | undefined, now: number, flushMs: number): void {
  if (last === undefined) return;
  if (now - last > Math.max(30_000, 10 * flushMs)) {
    const gap = { from: last, to: now, reason: 'process-down' as const };
    recorder.gap(gap);
    hub.addGap(gap);
    log(`history: nothing ran for ${Math.round((now - last) / 1000)} s (process suspended or clock moved forward); recorded as a gap`);
  } else if (now < last - 1_000) {
    log(`history: the clock moved back ${Math.round((last - now) / 1000)} s; the heartbeat stays at the later time`);
  }
}
