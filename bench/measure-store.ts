/**
 * The history store under load, in one process: a hub fed the churn sim's pods with the recorder
 * writing to SQLite as the runtime does (one batch a second).
 *
 * - steady state: 1,000 updates/s in real time for `seconds` (100 updates every 100 ms, a flush
 *   every second, PodMetrics samples for every pod every 15 s), the event-loop delay (p99 and
 *   longest) measured without a store, with the store written on the main thread (as before the
 *   writer thread) and with the store in its worker thread (as the runtime runs it);
 * - bytes: database growth per version and per raw sample, turned into bytes per pod-day;
 * - a store filled with 6 days of history of deleted pods, then: restart-to-ready (rehydrate + the
 *   first list applied) against a first sync without a store, "the cluster at T", and the pod page
 *   of a pod deleted 6 days ago.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { HistoryRecorder } from '../lib/history/recorder';
import { SqliteHistoryStore } from '../lib/history/sqlite-store';
import { SqliteWorkerStore } from '../lib/history/sqlite-worker-store';
import type { HistoryStore } from '../lib/history/types';
import { toPodDigest } from '../lib/model/digest';
import type { MetricsSample, PodDigest } from '../lib/model/types';
import { Hub } from '../lib/server/hub';
import { rehydrate, type History } from '../lib/server/history';
import { detailAt, rowsAt, summaryAt, type LookbackContext } from '../lib/server/lookback';
import { startChurnSim } from './sim-hub';
import { percentile } from './stats';

export interface StoreResult {
  pods: number;
  rate: number;
  seconds: number;
  loopP99WithMs: number;
  loopP99WithoutMs: number;
  /** Main-thread CPU per second of churn (ms): without a store, and with it on the main thread / in the worker. */
  cpuPerSecondWithoutMs: number;
  cpuPerSecondWithMs: number;
  /** The longest event-loop delay seen (the longest block of the main thread). */
  loopMaxWithMs: number;
  loopMaxWithoutMs: number;
  /** The same steady state with the store written on the main thread (the writer before the worker thread). */
  mainThread: { loopP99Ms: number; loopMaxMs: number; chunkMaxMs: number; chunkP99Ms: number; cpuPerSecondMs: number };
  flushP50Ms: number;
  flushP99Ms: number;
  flushMaxMs: number;
  /** The longest single transaction (the event loop's longest block by the store). */
  chunkMaxMs: number;
  chunkP99Ms: number;
  writeUsPerUpdate: number;
  bytesPerVersion: number;
  bytesPerRawSample: number;
  bytesPerPodDay: number;
  fillPods: number;
  fillBytes: number;
  fillRows: { pods: number; versions: number; samples: number };
  fillSeconds: number;
  firstSyncMs: number;
  restartToReadyMs: number;
  rehydrateMs: number;
  clusterAtMs: number;
  /** The main thread's CPU time during "cluster at T": reading through the worker / on a main-thread connection. */
  clusterAtLoopMs: number;
  clusterAtMainThreadMs: number;
  clusterAtMainThreadLoopMs: number;
  summaryAtMs: number;
  deletedPodPageMs: number;
}

interface RawPod {
  metadata: { uid: string; name: string; resourceVersion?: string };
  status?: { containerStatuses?: { restartCount?: number; ready?: boolean }[] };
}

const DAY = 86_400_000;

function hubWith(now: () => number, recorder?: HistoryRecorder): Hub {
  return new Hub({ now, cluster: { name: 'bench', mode: 'demo' }, retentionMs: 3_600_000, maxDeleted: 5_000, metricsHistoryMs: 3_600_000, history: recorder });
}

function modified(items: RawPod[], k: number): RawPod {
  const pod = structuredClone(items[k % items.length]) as RawPod;
  pod.metadata.resourceVersion = String(20_000_000 + k);
  const app = pod.status?.containerStatuses?.[0];
  if (app) {
    app.restartCount = (app.restartCount ?? 0) + 1 + Math.floor(k / items.length);
    app.ready = k % 2 === 0;
  }
  return pod;
}

function sampleOf(at: number, i: number): MetricsSample {
  return { at, containers: { app: { cpuMilli: 50 + (i % 40), memoryBytes: 100e6 + i }, proxy: { cpuMilli: 10 + (i % 7), memoryBytes: 40e6 } } };
}

/** Real time: `rate` updates a second for `seconds`, in tenths; `flush` once a second. Returns the loop delay p99 and the flush durations. */
async function drive(
  hub: Hub,
  items: RawPod[],
  rate: number,
  seconds: number,
  start: number,
  onSecond: (s: number) => Promise<number | undefined>,
): Promise<{ loopP99: number; loopMax: number; cpuPerSecondMs: number; flushes: number[] }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu = process.threadCpuUsage();
  const flushes: number[] = [];
  let k = start;
  for (let s = 0; s < seconds; s += 1) {
    for (let tenth = 0; tenth < 10; tenth += 1) {
      const t0 = performance.now();
      for (let n = 0; n < rate / 10; n += 1) hub.applyPodEvent('MODIFIED', modified(items, k++));
      hub.takeChanges();
      await sleep(Math.max(1, 100 - (performance.now() - t0)));
    }
    const took = await onSecond(s);
    if (took !== undefined) flushes.push(took);
  }
  loop.disable();
  const used = process.threadCpuUsage(cpu);
  return { loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6, cpuPerSecondMs: (used.user + used.system) / 1000 / seconds, flushes };
}

async function fill(store: HistoryStore, digests: PodDigest[], pods: number, now: number): Promise<number> {
  let t = now - 6 * DAY;
  const recorder = new HistoryRecorder(store, { now: () => t });
  for (let i = 0; i < pods; i += 1) {
    const base = digests[i % digests.length];
    if (!base) break;
    t = now - 6 * DAY + Math.floor((i / pods) * 5 * DAY);
    const uid = `filled-${i}`;
    for (let v = 0; v < 4; v += 1) {
      const digest: PodDigest = { ...structuredClone(base), uid, name: `old-${i}`, resourceVersion: `f${i}-${v}` };
      recorder.podSeen(digest, undefined, t + v * 10_000);
    }
    for (let m = 0; m < 12; m += 1) recorder.sample(uid, sampleOf(t + m * 300_000, i), t);
    recorder.podDeleted(uid, t + 60_000, 'observed');
    if (i % 2_000 === 1_999) await recorder.flush();
  }
  await recorder.flush();
  // What 6 days of folding would leave: buckets, not raw samples.
  await store.enforceRetention(now, { maxAgeMs: 7 * DAY, maxBytes: 4 * 1024 ** 3, rawSamplesMs: 3_600_000, bucketMs: 300_000 });
  return (await store.footprint()).bytes;
}

/** A hub with a recorder on `store`, its first list written: what the steady state starts from. */
async function started(store: HistoryStore, items: RawPod[]): Promise<{ hub: Hub; recorder: HistoryRecorder; live: string[] }> {
  const recorder = new HistoryRecorder(store, { now: () => Date.now() });
  const hub = hubWith(() => Date.now(), recorder);
  hub.applyPodList('*', structuredClone(items));
  hub.takeChanges();
  recorder.observeStatus({ state: 'connected' }, Date.now());
  await recorder.flush();
  return { hub, recorder, live: [...hub.livePods()].map((pod) => pod.uid) };
}

/** `seconds` of churn with a flush a second and a metrics poll every 15 s; the loop delay and each flush's and chunk's figures. */
async function steady(run: { hub: Hub; recorder: HistoryRecorder; live: string[] }, items: RawPod[], rate: number, seconds: number) {
  const { hub, recorder, live } = run;
  let updatesWritten = 0;
  let writeMs = 0;
  const chunkBlocks: number[] = [];
  const driven = await drive(hub, items, rate, seconds, items.length, async (s) => {
    if (s % 15 === 14) {
      const at = Date.now();
      live.forEach((uid, i) => recorder.sample(uid, sampleOf(at, i), at));
    }
    recorder.observeStatus({ state: 'connected' }, Date.now());
    const before = recorder.counters.records;
    const t = performance.now();
    await recorder.flush();
    const took = performance.now() - t;
    chunkBlocks.push(recorder.counters.lastWriteMs);
    writeMs += took;
    updatesWritten += recorder.counters.records - before;
    return took;
  });
  return { ...driven, chunkBlocks, writeUsPerUpdate: (writeMs * 1000) / Math.max(1, updatesWritten) };
}

/**
 * The median of five runs of `fn(i)`, and the median CPU time of the main thread during them (its
 * own CPU clock: on a shared machine, wall time inside callbacks also counts time the thread was
 * preempted).
 */
async function timed(fn: (i: number) => Promise<unknown>): Promise<{ ms: number; loopMs: number }> {
  const runs: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const cpu = process.threadCpuUsage();
    const t = performance.now();
    await fn(i);
    runs.push(performance.now() - t);
    const used = process.threadCpuUsage(cpu);
    busy.push((used.user + used.system) / 1000);
  }
  return { ms: percentile(runs, 50), loopMs: percentile(busy, 50) };
}

export async function measureStore(pods: number, rate = 1_000, seconds = 20, fillPods = 50_000): Promise<StoreResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarscope-bench-store-'));
  const mainDir = mkdtempSync(join(tmpdir(), 'sidecarscope-bench-store-main-'));
  const churn = await startChurnSim(pods);
  try {
    const items = churn.sim.store.list('pods') as unknown as RawPod[];
    const digests = items
      .slice(0, 200)
      .map((raw) => toPodDigest(raw))
      .filter((d): d is PodDigest => d !== undefined);

    // Without a store, for the loop-delay baseline and the first sync.
    const plain = hubWith(() => Date.now());
    let t0 = performance.now();
    plain.applyPodList('*', structuredClone(items));
    plain.takeChanges();
    const firstSyncMs = performance.now() - t0;
    const without = await drive(plain, items, rate, Math.min(seconds, 10), 0, () => Promise.resolve(undefined));

    // The same steady state with the store on the main thread, as it was written before the worker thread.
    const mainStore = new SqliteHistoryStore('bench', { dir: mainDir, log: () => {} });
    const mainRun = await steady(await started(mainStore, items), items, rate, seconds);
    await mainStore.close();

    const store = new SqliteWorkerStore('bench', { dir, log: () => {} });
    const run = await started(store, items);
    const { recorder, live } = run;
    // Sizes are read after a checkpoint, so the WAL is not counted twice.
    const settled = async () => {
      await store.enforceRetention(Date.now(), { maxAgeMs: 7 * DAY, maxBytes: 4 * 1024 ** 3, rawSamplesMs: 3_600_000, bucketMs: 300_000 });
      return (await store.footprint()).bytes;
    };
    const afterList = await settled();

    // Samples alone, to price a raw sample row.
    const sampleAt = Date.now();
    live.forEach((uid, i) => recorder.sample(uid, sampleOf(sampleAt, i), sampleAt));
    await recorder.flush();
    const afterSamples = await settled();
    const bytesPerRawSample = (afterSamples - afterList) / (live.length * 2);

    const withStore = await steady(run, items, rate, seconds);
    const samplesDuring = Math.floor(seconds / 15) * live.length * 2;
    const afterUpdates = await settled();
    const versions = rate * seconds;
    const bytesPerVersion = (afterUpdates - afterSamples - samplesDuring * bytesPerRawSample) / versions;
    const middle = Date.now() - (seconds / 2) * 1000;

    const fillT0 = performance.now();
    const now = Date.now();
    const fillBytes = await fill(store, digests, fillPods, now);
    const fillSeconds = (performance.now() - fillT0) / 1000;
    const stats = await store.stats();
    recorder.flushSync();
    await store.close();

    // Restart: a new store on the same file, rehydrated, then the first list applied.
    t0 = performance.now();
    const reopened = new SqliteWorkerStore('bench', { dir, log: () => {} });
    const history: History = {
      store: reopened,
      recorder: new HistoryRecorder(reopened, { now: () => Date.now() }),
      config: { dataDir: dir, retentionMs: 7 * DAY, maxBytes: 1024 ** 3 },
      footprint: { bytes: 0 },
    };
    const restarted = hubWith(() => Date.now(), history.recorder);
    await rehydrate(restarted, history, 3_600_000);
    const rehydrateMs = performance.now() - t0;
    restarted.applyPodList('*', structuredClone(items));
    restarted.takeChanges();
    await history.recorder.flush();
    const restartToReadyMs = performance.now() - t0;

    // Each run asks for another millisecond: a settled moment's rows are cached per store.
    const ctxOf = (s: HistoryStore): LookbackContext => ({ store: s, cluster: { name: 'bench', mode: 'demo' }, history: { state: 'recording' } });
    const ctx = ctxOf(reopened);
    const clusterAt = await timed((i) => rowsAt(ctx, middle + i));
    const summaryAt_ = await timed(() => summaryAt(ctx, middle));
    const old = Math.floor(fillPods / 10);
    const deletedPodPage = await timed(() => detailAt(ctx, digests[old % digests.length]?.namespace ?? '', `old-${old}`, now, `filled-${old}`));
    await reopened.close();
    // The same read on a connection of the main thread, for the choice of where reads run.
    const onMain = new SqliteHistoryStore('bench', { dir, log: () => {} });
    const clusterAtMain = await timed((i) => rowsAt(ctxOf(onMain), middle + i));
    await onMain.close();
    const updatesPerPodDay = (rate / pods) * 86_400;
    return {
      pods,
      rate,
      seconds,
      loopP99WithMs: withStore.loopP99,
      loopP99WithoutMs: without.loopP99,
      loopMaxWithMs: withStore.loopMax,
      loopMaxWithoutMs: without.loopMax,
      cpuPerSecondWithoutMs: without.cpuPerSecondMs,
      cpuPerSecondWithMs: withStore.cpuPerSecondMs,
      mainThread: {
        loopP99Ms: mainRun.loopP99,
        loopMaxMs: mainRun.loopMax,
        chunkMaxMs: Math.max(...mainRun.chunkBlocks),
        chunkP99Ms: percentile(mainRun.chunkBlocks, 99),
        cpuPerSecondMs: mainRun.cpuPerSecondMs,
      },
      flushP50Ms: percentile(withStore.flushes, 50),
      flushP99Ms: percentile(withStore.flushes, 99),
      flushMaxMs: Math.max(...withStore.flushes),
      chunkMaxMs: Math.max(...withStore.chunkBlocks),
      chunkP99Ms: percentile(withStore.chunkBlocks, 99),
      writeUsPerUpdate: withStore.writeUsPerUpdate,
      bytesPerVersion,
      bytesPerRawSample,
      // Versions at this rate, an hour of raw samples (15 s, two containers) and a day of 5-minute buckets.
      bytesPerPodDay: updatesPerPodDay * bytesPerVersion + 240 * 2 * bytesPerRawSample + 288 * 2 * bytesPerRawSample,
      fillPods,
      fillBytes,
      fillRows: { pods: stats.pods, versions: stats.versions, samples: stats.samples },
      fillSeconds,
      firstSyncMs,
      restartToReadyMs,
      rehydrateMs,
      clusterAtMs: clusterAt.ms,
      clusterAtLoopMs: clusterAt.loopMs,
      clusterAtMainThreadMs: clusterAtMain.ms,
      clusterAtMainThreadLoopMs: clusterAtMain.loopMs,
      summaryAtMs: summaryAt_.ms,
      deletedPodPageMs: deletedPodPage.ms,
    };
  } finally {
    await churn.sim.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(mainDir, { recursive: true, force: true });
  }
}
