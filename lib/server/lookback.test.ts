import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContainer, aPod, ownedBy, type PodOptions } from '../model/testing/builders';
import { systemClock } from '../k8s/clock';
import { aDataDir } from '../history/testing';
import { getFindingsTimeline, getPod, getPods, getSummary } from './api';
import { readConfig } from './config';
import type { Hub } from './hub';
import { openHistory, type History } from './history';
import { createRuntime, type Runtime } from './runtime';
import { rowsAt } from './lookback';
import { withFindings } from './testing/hub-fixture';
import type { HistoryStore } from '../history/types';

const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
const T = 1_800_000_000_000;
const clock = { time: T };
let runtime: Runtime;
let history: History;
let data: { dir: string; remove(): void };

const pod = (name: string, rv: string, options: PodOptions = {}) =>
  aPod({ name, namespace: 'shop', resourceVersion: rv, containers: [aContainer('app')], owner: ownedBy('ReplicaSet', 'checkout-7d9f'), ...options });
const crashing = withFindings.crashLooping;

async function step(hub: Hub, at: number, fn: () => void): Promise<void> {
  clock.time = at;
  fn();
  hub.flush();
  history.recorder.observeStatus(hub.status.current(at), at);
  await history.recorder.flush();
}

/** A morning in the life of shop: a starts at T, b at T+10 s; a crash-loops from T+20 s to T+40 s; b is deleted at T+60 s. */
beforeAll(async () => {
  data = aDataDir();
  const opened = openHistory(
    { dataDir: data.dir, retentionMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3 },
    'test',
    () => clock.time,
    () => {},
  );
  if (!('store' in opened)) throw new Error(opened.off);
  history = opened;
  let hub: Hub | undefined;
  const config = { ...readConfig({ SIDECARSCOPE_HISTORY: 'off' }), retentionMs: 30_000 };
  runtime = createRuntime(
    config,
    { ...systemClock, now: () => clock.time },
    (h) => {
      hub = h;
      return { stop: () => {} };
    },
    'test',
    { history },
  );
  holder[KEY] = runtime;
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (!hub) throw new Error('not connected');
  const h = hub;
  await step(h, T, () => {
    h.applyPodList('*', [pod('a', '1')]);
    h.setLoopStatus('pods:*', { state: 'connected' });
  });
  await step(h, T + 10_000, () => h.applyPodEvent('ADDED', pod('b', '2')));
  await step(h, T + 20_000, () => h.applyPodEvent('MODIFIED', pod('a', '3', crashing)));
  await step(h, T + 40_000, () => h.applyPodEvent('MODIFIED', pod('a', '4')));
  await step(h, T + 60_000, () => h.applyPodEvent('DELETED', pod('b', '5')));
  // The hub keeps deleted pods 30 s here: b is then only in history.
  await step(h, T + 200_000, () => undefined);
});

afterAll(() => {
  runtime.stop();
  delete holder[KEY];
  data.remove();
});

const get = async (response: Promise<Response>) => {
  const r = await response;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies read field by field in assertions
  return { status: r.status, body: (await r.json()) as any };
};
const url = (path: string) => new Request(`http://localhost${path}`);

describe('look-back', () => {
  it('shows the summary as it was at a moment: the pods then, and the findings open then', async () => {
    const at30 = await get(getSummary(url(`/api/summary?at=${T + 30_000}`)));
    expect(at30.status).toBe(200);
    expect([at30.body.at, at30.body.pods.total, at30.body.findings.byId]).toEqual([T + 30_000, 2, { 'sidecar-crashloop': 1 }]);
    const at70 = await get(getSummary(url(`/api/summary?at=${new Date(T + 70_000).toISOString()}`)));
    expect([at70.body.pods.total, at70.body.findings.byId]).toEqual([1, {}]);
    expect((await get(getSummary(url('/api/summary')))).body.at).toBe(T + 200_000);
  });

  it('lists the pods of a moment, deleted ones included while they lived', async () => {
    const at30 = await get(getPods(url(`/api/pods?at=${T + 30_000}&sort=name`)));
    expect(at30.body.rows.map((r: { name: string; findingIds: string[] }) => [r.name, r.findingIds])).toEqual([
      ['a', ['sidecar-crashloop']],
      ['b', []],
    ]);
    const at5 = await get(getPods(url(`/api/pods?at=${T + 5_000}`)));
    expect(at5.body.rows.map((r: { name: string }) => r.name)).toEqual(['a']);
  });

  it('opens a pod deleted beyond the live retention, by name or uid, as it ended or at a moment of its life', async () => {
    const ended = await get(getPod(url('/api/pods/shop/b'), 'shop', 'b'));
    expect(ended.status).toBe(200);
    expect([ended.body.digest.uid, ended.body.row.deleted]).toEqual(['uid-shop-b', true]);
    const during = await get(getPod(url(`/api/pods/shop/b?uid=uid-shop-b&at=${T + 30_000}`), 'shop', 'b'));
    expect([during.body.digest.resourceVersion, Boolean(during.body.row.deleted)]).toEqual(['2', false]);
    expect((await get(getPod(url(`/api/pods/shop/b?at=${T + 5_000}`), 'shop', 'b'))).status).toBe(404);
  });

  it('gives the findings timeline: when each finding was raised and cleared, per workload or cluster-wide', async () => {
    const all = await get(getFindingsTimeline(url(`/api/findings/timeline?from=${T}&to=${T + 100_000}`)));
    expect(all.body.spans[0].workload).toEqual({ kind: 'ReplicaSet', name: 'checkout-7d9f' });
    expect(all.body.spans.map((s: { pod: string; id: string; raisedAt: number; clearedAt?: number }) => [s.pod, s.id, s.raisedAt, s.clearedAt])).toEqual([
      ['a', 'sidecar-crashloop', T + 20_000, T + 40_000],
    ]);
    const other = await get(getFindingsTimeline(url(`/api/findings/timeline?from=${T}&workload=Deployment/payments`)));
    expect(other.body.spans).toEqual([]);
    const checkout = await get(getFindingsTimeline(url(`/api/findings/timeline?from=${T}&namespace=shop&workload=ReplicaSet/checkout-7d9f`)));
    expect(checkout.body.spans).toHaveLength(1);
  });

  it.each([
    ['/api/summary?at=soon', 'at: at must be epoch milliseconds or an ISO 8601 time'],
    [`/api/summary?at=${T + 3_600_000}`, 'at: must not be in the future'],
    ['/api/findings/timeline', 'from: '],
    [`/api/findings/timeline?from=${T}&to=${T - 1}`, 'to: to must not be before from'],
    [`/api/findings/timeline?from=${T}&workload=checkout`, 'workload: workload must be Kind/name'],
  ])('answers %s with 400 naming the parameter', async (path, message) => {
    const call = path.startsWith('/api/summary') ? getSummary(url(path)) : getFindingsTimeline(url(path));
    const { status, body } = await get(call);
    expect(status).toBe(400);
    expect(body.error.message).toContain(message);
  });
});

describe('rowsAt', () => {
  it('reads a settled moment from the store once while the list pages through it, and a recent one every time', async () => {
    let reads = 0;
    const store = { podsAt: () => ((reads += 1), Promise.resolve([])), findingsBetween: () => Promise.resolve([]) } as unknown as HistoryStore;
    const ctx = { store, cluster: { name: 't', mode: 'demo' as const }, history: { state: 'recording' as const } };
    const now = T + 3_600_000;
    await rowsAt(ctx, T, now);
    await rowsAt(ctx, T, now);
    expect(reads).toBe(1);
    await rowsAt(ctx, now - 1_000, now);
    await rowsAt(ctx, now - 1_000, now);
    expect(reads).toBe(3);
  });
});
