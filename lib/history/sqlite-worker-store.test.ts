import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aContainer, aDigest } from '../model/testing/builders';
import type { EventDigest } from '../model/types';
import { StoreError } from './errors';
import { HistoryRecorder } from './recorder';
import { SqliteHistoryStore } from './sqlite-store';
import { SqliteWorkerStore } from './sqlite-worker-store';
import { aDataDir } from './testing';

const T = 1_800_000_000_000;
let data: { dir: string; remove(): void };
let logs: string[];
let opened: SqliteWorkerStore[];
beforeEach(() => {
  data = aDataDir();
  logs = [];
  opened = [];
});
afterEach(async () => {
  for (const store of opened) await store.close();
  data.remove();
});

const open = (seams = false) => {
  const store = new SqliteWorkerStore('c1', { dir: data.dir, log: (l) => logs.push(l), seams });
  opened.push(store);
  return store;
};
const pod = (name: string, rv = '1') => aDigest({ name, resourceVersion: rv, containers: [aContainer('app'), aContainer('proxy')] });
const anEvent = (podName: string): EventDigest => ({
  namespace: 'default',
  podName,
  reason: 'BackOff',
  type: 'Warning',
  message: 'Back-off restarting failed container',
  count: 1,
  firstAt: T,
  lastAt: T,
});

/** Each thread of this process by name (`comm`, which Node sets from a worker's `name`, cut to 15 bytes), with its nice value. */
function threadsNice(): { name: string; nice: number }[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) }];
    } catch {
      return []; // a thread that ended while listed
    }
  });
}

describe('SqliteWorkerStore', () => {
  // Linux only: elsewhere a process has one nice value and the writer keeps the default share.
  it.runIf(process.platform === 'linux')('runs its writer thread at a lower priority than the main thread, and only that thread', async () => {
    const store = open();
    await store.openPods();
    const threads = threadsNice();
    const main = threads.find((t) => t.name === 'node' || t.name === 'MainThread' || t.name.startsWith('vitest'));
    const writers = threads.filter((t) => t.name === 'sidecarscope-history'.slice(0, 15));
    expect(writers.length).toBeGreaterThan(0);
    const mainNice = main?.nice ?? threads[0]!.nice;
    for (const w of writers) expect(w.nice).toBeGreaterThan(mainNice);
    // The process's own (main thread's) priority is untouched.
    expect(threads.filter((t) => !t.name.startsWith('sidecarscope-h')).every((t) => t.nice === mainNice)).toBe(true);
  });

  it('persists in its thread what the main thread recorded, and a restart reads it back', async () => {
    const store = open();
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now, chunk: 7 });
    for (let i = 0; i < 20; i += 1) recorder.podSeen(pod(`p${i}`), undefined, T);
    recorder.event(anEvent('p3'), T);
    recorder.sample('uid-default-p3', { at: T, containers: { app: { cpuMilli: 12, memoryBytes: 3e6 }, proxy: { cpuMilli: 2, memoryBytes: 1e6 } } }, T);
    recorder.observeStatus({ state: 'connected' }, T);
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording' });
    // The last batch at shutdown, written synchronously before the close lets go of the lock.
    now = T + 5_000;
    recorder.podDeleted('uid-default-p0', now, 'observed');
    recorder.observeStatus({ state: 'connected' }, now);
    recorder.flushSync();
    await store.close();

    const reopened = open();
    expect((await reopened.openPods()).map((p) => p.digest.name).sort()).toEqual(Array.from({ length: 19 }, (_, i) => `p${i + 1}`).sort());
    expect(await reopened.lastHeartbeat()).toBe(now);
    expect((await reopened.podAt('uid-default-p0', now))?.deletedAt).toBe(now);
    expect(await reopened.events('default', 'p3', now)).toEqual([anEvent('p3')]);
    expect(await reopened.samples('uid-default-p3', T, now)).toEqual([
      { at: T, resolutionMs: 0, containers: { app: { cpuMilli: 12, memoryBytes: 3e6 }, proxy: { cpuMilli: 2, memoryBytes: 1e6 } } },
    ]);
  });

  it('at shutdown during a flush of many chunks, writes the chunks not sent yet before the store closes', async () => {
    const store = open();
    const recorder = new HistoryRecorder(store, { now: () => T, chunk: 7 });
    for (let i = 0; i < 60; i += 1) recorder.podSeen(pod(`p${i}`), undefined, T);
    // The first chunk (of 7 records) goes to the writer thread; the shutdown comes before it is written.
    const flushing = recorder.flush();
    expect(recorder.unwritten).toBeGreaterThan(20 * 7);
    recorder.flushSync();
    void store.close();
    await flushing;
    expect(recorder.state).toEqual({ state: 'recording' });

    const reopened = open();
    expect((await reopened.openPods()).map((p) => p.digest.name).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `p${i}`).sort());
  });

  it('holds the exclusive lock from its thread: a second store on the directory is refused, naming this process', () => {
    open();
    const message = `Another Sidecarscope process (pid ${process.pid} on`;
    expect(() => new SqliteHistoryStore('c1', { dir: data.dir })).toThrow(message);
    let refused: unknown;
    try {
      open();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ code: 'locked', message: expect.stringContaining(message) as unknown });
  });

  it('keeps SQLite errors recognisable across the thread: a full disk pauses history as "disk full"', async () => {
    const store = open();
    const recorder = new HistoryRecorder(store, { now: () => T, log: (l) => logs.push(l) });
    recorder.podSeen(pod('a'), undefined, T);
    await recorder.flush();
    store.capBytes(1);
    for (let i = 0; i < 300; i += 1) recorder.podSeen(aDigest({ name: `big${i}`, labels: { filler: `${i}`.repeat(300) } }), undefined, T);
    await recorder.flush();
    expect(recorder.state).toMatchObject({ state: 'paused', reason: 'disk full' });
  });

  it('bounds what waits while the worker is slow: the excess is dropped and counted, history says so, and the gap is recorded', async () => {
    const store = open(true);
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now, maxBuffered: 100, log: (l) => logs.push(l) });
    recorder.podSeen(pod('first'), undefined, T);
    store.hold();
    const slow = recorder.flush();
    // The hub goes on while the write waits: far more than the bound arrives.
    for (let i = 0; i < 1_000; i += 1) {
      now = T + 1_000 + i;
      recorder.podSeen(pod(`p${i}`), undefined, now);
      expect(recorder.buffered).toBeLessThanOrEqual(100);
    }
    // Another tick while the write is still in flight writes nothing more and keeps the bound.
    await recorder.flush();
    expect(recorder.buffered).toBeLessThanOrEqual(100);
    expect(recorder.counters.droppedRecords).toBeGreaterThan(800);
    expect(recorder.state).toMatchObject({ state: 'paused', reason: 'writes fell behind' });
    expect(logs.filter((l) => l.startsWith('history paused: writes fell behind'))).toHaveLength(1);

    store.release();
    await slow;
    // Still paused until the gap of what was dropped is on disk.
    expect(recorder.state.state).toBe('paused');
    now = T + 5_000;
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording' });
    const gaps = await store.gaps(T, now);
    expect(gaps).toEqual([{ from: T + 1_000, to: now, reason: 'history-paused' }]);
    const names = (await store.podsAt(now)).map((p) => p.digest.name);
    expect(names).toContain('first');
    expect(names).toContain('p999');
    expect(names.length).toBeLessThan(1_001);
  });

  it('reports a worker that dies, keeps the process going, and writes again on a new worker after the retry interval', async () => {
    const store = open(true);
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now, retryMs: 10_000, log: (l) => logs.push(l) });
    recorder.podSeen(pod('a'), undefined, T);
    await recorder.flush();
    store.crash();
    await vi.waitFor(() => expect(store.stoppedReason).toMatch(/^the history writer thread stopped \(Error: history writer crashed \(test\)\)/));
    expect(logs.some((l) => l.startsWith('history: the history writer thread stopped'))).toBe(true);

    now = T + 1_000;
    recorder.podSeen(pod('b'), undefined, now);
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'paused', reason: 'the history writer thread stopped', since: now });
    expect(recorder.counters.errors).toBe(1);

    now = T + 12_000;
    recorder.podSeen(pod('c'), undefined, now);
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording' });
    // The dead thread's connection let go of the file: the new one holds it, and nothing recorded was lost.
    expect((await store.podsAt(now)).map((p) => p.digest.name).sort()).toEqual(['a', 'b', 'c']);
  });

  it('a new worker that finds the file taken keeps trying at each retry, and writes once it is free', async () => {
    const store = open(true);
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now, retryMs: 10_000, log: (l) => logs.push(l) });
    recorder.podSeen(pod('a'), undefined, T);
    await recorder.flush();
    store.crash();
    await vi.waitFor(() => expect(store.stoppedReason).toBeDefined());
    // Someone else takes the file while this writer is down.
    const other = new SqliteHistoryStore('c1', { dir: data.dir });
    recorder.podSeen(pod('b'), undefined, T + 1_000);
    await recorder.flush();
    expect(recorder.state).toMatchObject({ state: 'paused', reason: 'the history writer thread stopped' });
    now = T + 11_000;
    await recorder.flush();
    expect(recorder.state).toMatchObject({ state: 'paused', reason: 'database locked' });
    await other.close();
    now = T + 22_000;
    recorder.podSeen(pod('c'), undefined, now);
    await recorder.flush();
    expect(recorder.state).toEqual({ state: 'recording' });
    expect((await store.podsAt(now)).map((p) => p.digest.name).sort()).toEqual(['a', 'b', 'c']);
  });
});
