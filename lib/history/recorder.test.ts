import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContainer, aDigest } from '../model/testing/builders';
import type { Finding, PodObservations } from '../model/types';
import { Interner } from '../server/interner';
import { PackedObservations } from '../server/packed-observations';
import { HistoryRecorder } from './recorder';
import { SqliteHistoryStore } from './sqlite-store';
import { aDataDir } from './testing';
import { emptyBatch, splitBatch, type HistoryBatch, type HistoryStore } from './types';

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

/** A store that keeps the batches it is given. */
function capturing(): { store: HistoryStore; batches: HistoryBatch[] } {
  const batches: HistoryBatch[] = [];
  const store = { write: (batch: HistoryBatch) => (batches.push(batch), Promise.resolve()) } as unknown as HistoryStore;
  return { store, batches };
}

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

  it('writes observations handed over packed as the objects they stand for, and tells their changes by their counts', async () => {
    const { store, batches } = capturing();
    let now = T;
    const recorder = new HistoryRecorder(store, { now: () => now, observationsEveryMs: 60_000 });
    const pod = (rv: string) => aDigest({ name: 'a', resourceVersion: rv, containers: [aContainer('app')] });
    const withTermination: PodObservations = {
      ...observations(2),
      terminations: [{ container: 'app', attempt: 0, reason: 'Error', exitCode: 1 }],
      snapshots: 2,
    };
    const shared = new Interner();
    recorder.podSeen(pod('1'), PackedObservations.of(observations(1), shared), T);
    await recorder.flush();
    now = T + 10_000;
    // Same counts: nothing waits; new counts: waits for its interval, kept packed.
    recorder.podSeen(pod('2'), PackedObservations.of(observations(1), shared), now);
    recorder.podSeen(pod('3'), PackedObservations.of(withTermination, shared), now);
    await recorder.flush();
    now = T + 61_000;
    await recorder.flush();
    const written = batches.flatMap((b) => b.pods).flatMap((p) => (p.observations ? [p.observations] : []));
    expect(written).toEqual([JSON.stringify(observations(1)), JSON.stringify(withTermination)]);
  });

  it('at shutdown between two chunks of a flush, writes every chunk not written yet, once', async () => {
    const written: HistoryBatch[] = [];
    let closed = false;
    let releaseFirst = () => {};
    let first = true;
    const store = {
      write: (batch: HistoryBatch) => {
        if (closed) return Promise.reject(new Error('the history store is closed'));
        if (!first) return (written.push(batch), Promise.resolve());
        first = false;
        return new Promise<void>((resolve) => (releaseFirst = () => (written.push(batch), resolve())));
      },
      writeSync: (batch: HistoryBatch) => {
        written.push(batch);
        closed = true;
      },
    } as unknown as HistoryStore;
    const recorder = new HistoryRecorder(store, { now: () => T, chunk: 5 });
    // Pods of many shapes: their templates alone fill the first chunks.
    for (let i = 0; i < 30; i += 1) recorder.podSeen(aDigest({ name: `p${i}`, labels: { i: String(i) }, containers: [aContainer(`c${i}`)] }), undefined, T);
    const flushing = recorder.flush();
    const total = recorder.unwritten;
    releaseFirst();
    // The flush takes the written chunk off and gives way (a macrotask away): shut down there.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    expect(recorder.unwritten).toBeLessThan(total);
    expect(recorder.unwritten).toBeGreaterThan(0);
    recorder.flushSync();
    await flushing;
    expect(recorder.state).toEqual({ state: 'recording' });
    const names = written.flatMap((b) => b.pods.map((p) => p.name));
    expect(names.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `p${i}`).sort());
    // Every template a written version names is written too.
    const templates = new Set(written.flatMap((b) => b.templates.map((t) => t.hash)));
    const named = written.flatMap((b) => b.versions.flatMap((v) => Object.values(v.parts)));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((hash) => !templates.has(hash))).toEqual([]);
  });

  it('writes a shutdown batch of more pods than a call can take as arguments (210,000)', () => {
    const written: HistoryBatch[] = [];
    const store = { write: () => Promise.resolve(), writeSync: (batch: HistoryBatch) => void written.push(batch) } as unknown as HistoryStore;
    const recorder = new HistoryRecorder(store, { now: () => T, maxBuffered: 1_000_000 });
    const digest = aDigest({ name: 'p', containers: [aContainer('app')] });
    for (let i = 0; i < 210_000; i += 1) recorder.podSeen({ ...digest, uid: `u${i}`, name: `p${i}` }, undefined, T);
    recorder.flushSync();
    expect(written.reduce((sum, b) => sum + b.pods.length, 0)).toBe(210_000);
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

describe('HistoryRecorder open findings', () => {
  /** A finding as the hub renders it: one template's values, the pod's own namespace, name and uid. */
  const template: Finding = {
    id: 'legacy-sidecar',
    severity: 'info',
    namespace: '',
    pod: '',
    podUid: '',
    message: 'istio-proxy runs as a regular container',
    explanation: 'It starts in parallel with the app.',
    evidence: [{ label: 'image', value: 'istio/proxyv2' }],
    fix: 'Make it a native sidecar.',
    container: 'istio-proxy',
  };
  const rendered = (i: number, over: Partial<Finding> = {}): Finding => ({
    ...template,
    namespace: `ns${i % 3}`,
    pod: `pod-${i}`,
    podUid: `uid-${i}`,
    ...over,
  });

  it('keeps one finding for the pods that raise the same, and clears each with the pod it was derived for', async () => {
    const { store, batches } = capturing();
    const recorder = new HistoryRecorder(store, { now: () => T });
    for (let i = 0; i < 1_000; i += 1) recorder.findings(`uid-${i}`, [rendered(i)], T);
    // Derived again, unchanged: nothing new is raised.
    for (let i = 0; i < 1_000; i += 1) recorder.findings(`uid-${i}`, [rendered(i)], T + 1);
    const open = (recorder as unknown as { open: Map<string, { findings: Finding[] }> }).open;
    const kept = new Set([...open.values()].flatMap((pod) => pod.findings));
    expect(kept.size).toBe(1);

    // Pod 7's finding changes, then clears: the span is closed with the finding as last derived, for pod 7.
    const changed = rendered(7, { message: 'istio-proxy runs as a regular container (restarted 3 times)' });
    recorder.findings('uid-7', [changed], T + 2);
    recorder.findings('uid-7', [], T + 3);
    // Pod 8 is deleted: its open finding is closed with its own namespace, name and uid.
    recorder.podDeleted('uid-8', T + 4, 'observed');
    await recorder.flush();
    const batch = batches.reduce((all, b) => ({ ...all, raised: [...all.raised, ...b.raised], cleared: [...all.cleared, ...b.cleared] }), emptyBatch());
    expect(batch.raised).toHaveLength(1_000);
    expect(batch.raised[5]?.finding).toEqual(rendered(5));
    expect(batch.cleared.map((c) => [c.uid, c.raisedAt, c.clearedAt])).toEqual([
      ['uid-7', T, T + 3],
      ['uid-8', T, T + 4],
    ]);
    expect(JSON.stringify(batch.cleared[0]?.finding)).toBe(JSON.stringify(changed));
    expect(JSON.stringify(batch.cleared[1]?.finding)).toBe(JSON.stringify(rendered(8)));
  });

  it('clears a finding restored from the store as it was stored', async () => {
    const { store, batches } = capturing();
    const recorder = new HistoryRecorder(store, { now: () => T });
    const stored = JSON.parse(JSON.stringify(rendered(1))) as Finding;
    recorder.restoreOpenFindings([{ uid: 'uid-1', key: 'legacy-sidecar/istio-proxy', raisedAt: T - 60_000, finding: stored }]);
    recorder.findings('uid-1', [rendered(1)], T);
    recorder.findings('uid-1', [], T + 1);
    await recorder.flush();
    expect(batches.flatMap((b) => b.raised)).toEqual([]);
    expect(batches.flatMap((b) => b.cleared)).toEqual([
      { uid: 'uid-1', key: 'legacy-sidecar/istio-proxy', raisedAt: T - 60_000, clearedAt: T + 1, finding: rendered(1) },
    ]);
  });
});

describe('HistoryRecorder flush in flight', () => {
  /** A full collection, here without --expose-gc (as bench/rss-probe.mjs does it). */
  const collect = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    v8.setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  };

  it('lets go of each chunk once it is written, not at the end of the flush', async () => {
    const answers: (() => void)[] = [];
    const store = { write: () => new Promise<void>((resolve) => answers.push(resolve)) } as unknown as HistoryStore;
    const recorder = new HistoryRecorder(store, { now: () => T, chunk: 100 });
    const firstEvents: WeakRef<object>[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      const event = { namespace: 'default', podName: `pod-${i}`, reason: 'Pulled', message: 'x'.repeat(1_000), type: 'Normal', count: 1, firstAt: T + i };
      if (i < 100) firstEvents.push(new WeakRef(event));
      recorder.event(event, T);
    }
    const flushed = recorder.flush();
    expect(recorder.unwritten).toBe(1_000);
    // The first chunk (the first 100 events) is written; the second is in flight.
    answers.shift()?.();
    while (answers.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(recorder.unwritten).toBe(900);
    await collect();
    expect(firstEvents.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    while (answers.length > 0 || recorder.unwritten > 0) {
      answers.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flushed;
    expect(recorder.counters).toMatchObject({ writes: 1, records: 1_000, errors: 0 });
  });
});
