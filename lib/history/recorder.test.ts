import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContainer, aDigest } from '../model/testing/builders';
import type { PodObservations } from '../model/types';
import { HistoryRecorder } from './recorder';
import { SqliteHistoryStore } from './sqlite-store';
import { aDataDir } from './testing';
import { emptyBatch, splitBatch, type HistoryBatch } from './types';

const T = 1_800_000_000_000;
let data: { dir: string; remove(): void };
beforeEach(() => {
  data = aDataDir();
});
afterEach(() => data.remove());

const observations = (n: number): PodObservations => ({
  transitions: Array.from({ length: n }, (_, i) => ({ kind: 'ready' as const, at: T + i })),
  terminations: [],
});

describe('splitBatch', () => {
  it('cuts a batch into transactions in dependency order, the heartbeat with the last', () => {
    const batch: HistoryBatch = {
      ...emptyBatch(),
      templates: [{ hash: 'h', body: '{}' }],
      pods: [1, 2, 3].map((i) => ({ uid: `u${i}`, namespace: 'n', name: `p${i}`, workload: { kind: 'Pod', name: 'p' }, firstSeen: T, lastSeen: T })),
      versions: [{ uid: 'u1', rv: '1', at: T, parts: {}, body: '{}' }],
      heartbeat: T,
    };
    const chunks = splitBatch(batch, 2);
    expect(chunks.map((c) => [c.templates.length, c.pods.length, c.versions.length, c.heartbeat])).toEqual([
      [1, 1, 0, undefined],
      [0, 2, 0, undefined],
      [0, 0, 1, T],
    ]);
  });
});

describe('HistoryRecorder', () => {
  it("writes a pod's observations at most once a minute, and every pending one at shutdown", async () => {
    const store = new SqliteHistoryStore('c', { dir: data.dir });
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now });
    const pod = (rv: string) => aDigest({ name: 'a', resourceVersion: rv, containers: [aContainer('app')] });
    recorder.podSeen(pod('1'), observations(1), T);
    await recorder.flush();
    now = T + 10_000;
    recorder.podSeen(pod('2'), observations(2), now);
    await recorder.flush();
    expect((await store.podAt('uid-default-a', now))?.observations?.transitions).toHaveLength(1);
    now = T + 61_000;
    await recorder.flush();
    expect((await store.podAt('uid-default-a', now))?.observations?.transitions).toHaveLength(2);
    now = T + 70_000;
    recorder.podSeen(pod('3'), observations(3), now);
    recorder.flushSync();
    expect((await store.podAt('uid-default-a', now))?.observations?.transitions).toHaveLength(3);
    expect((await store.stats()).versions).toBe(3);
    await store.close();
  });

  it('writes a large batch in several transactions and loses nothing', async () => {
    const store = new SqliteHistoryStore('c', { dir: data.dir });
    const recorder = new HistoryRecorder(store, { now: () => T, chunk: 50 });
    for (let i = 0; i < 400; i += 1) recorder.podSeen(aDigest({ name: `p${i}`, containers: [aContainer('app')] }), undefined, T);
    await recorder.flush();
    expect((await store.podsAt(T)).length).toBe(400);
    expect(recorder.counters.records).toBeGreaterThanOrEqual(800);
    await store.close();
  });
});
