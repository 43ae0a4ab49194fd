import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, settle } from '../k8s/testing/fake-api';
import { ManualClock } from '../sim/clock';
import { aContainer, aPod } from '../model/testing/builders';
import { aHub } from './testing/hub-fixture';
import { applyInSlices, deriveInSlices, FIRST_POLL_WAIT, firstPollWaitMs, startLiveSource } from './live-source';
import { MAX_TIMER_MS } from '../k8s/clock';
import { Hub } from './hub';
import { summaryOf } from './hub-views';

/** A work clock that moves `cost` ms each time it is read: each derivation "costs" one read. */
function countingClock(cost: number) {
  let now = 0;
  return {
    read: () => {
      now += cost;
      return now;
    },
    get now() {
      return now;
    },
  };
}

/** A hub on the manual clock, as the live source feeds it. */
const liveHub = (clock: ManualClock) =>
  new Hub({ now: () => clock.now(), cluster: { name: 'fake', mode: 'demo' }, retentionMs: 600_000, maxDeleted: 100, metricsHistoryMs: 3_600_000 });
const pods = (count: number) => Array.from({ length: count }, (_, i) => aPod({ name: `p${i}`, namespace: `ns${i % 3}`, containers: [aContainer('app')] }));

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('the initial sync, page by page', () => {
  it('serves every pod with its row and the counts after a sync of many pages, derived without a flush', async () => {
    const api = new FakeApi();
    for (const pod of pods(1_234)) api.put(pod as never);
    api.podMetrics = [];
    const clock = new ManualClock(undefined, { instantDelays: true });
    const hub = liveHub(clock);
    stop = startLiveSource(hub, { transport: api, clock, namespaces: [], metricsIntervalMs: 15_000 }).stop;
    for (let i = 0; i < 50 && !hub.isReady(); i += 1) await settle();
    expect(hub.isReady()).toBe(true);
    expect(api.calls.listPaths.filter((p) => p === '/api/v1/pods')).toHaveLength(3);
    // Derived page by page during the sync: nothing is left for the first request's flush.
    expect(hub.derivationBacklog).toBe(0);
    const live = [...hub.livePods()];
    expect(live).toHaveLength(1_234);
    expect(live.every((pod) => pod.derived?.row.name === pod.digest.name)).toBe(true);
    expect(summaryOf(hub).pods.total).toBe(1_234);
  });

  it('asks the access review in a turn after the one that starts the lists (the first turn of a sync was its longest)', async () => {
    const api = new FakeApi();
    for (const pod of pods(10)) api.put(pod as never);
    api.podMetrics = [];
    const turns: string[] = [];
    let turn = 0;
    api.postJson = async () => {
      turns.push(`review in turn ${turn}`);
      return { status: { allowed: true } };
    };
    const clock = new ManualClock(undefined, { instantDelays: true });
    const hub = liveHub(clock);
    stop = startLiveSource(hub, { transport: api, clock, namespaces: [], metricsIntervalMs: 15_000 }).stop;
    expect(api.calls.listPaths).toContain('/api/v1/pods');
    expect(turns).toEqual([]);
    for (let i = 0; i < 20 && turns.length === 0; i += 1) {
      turn += 1;
      await settle(1);
    }
    expect(turns[0]).toBe('review in turn 1');
    expect(hub.status.missingPermissions()).toEqual([]);
  });

  it('polls metrics only once the pods are listed (samples of pods not yet held are dropped)', async () => {
    const api = new FakeApi();
    for (const pod of pods(1_234)) api.put(pod as never);
    api.podMetrics = [];
    const clock = new ManualClock(undefined, { instantDelays: false });
    const hub = liveHub(clock);
    stop = startLiveSource(hub, { transport: api, clock, namespaces: [], metricsIntervalMs: 15_000 }).stop;
    for (let i = 0; i < 50 && !hub.isReady(); i += 1) await settle();
    await settle();
    const paths = api.calls.listPaths;
    const metrics = paths.findIndex((p) => p.startsWith('/apis/metrics.k8s.io/'));
    const lastPodPage = paths.lastIndexOf('/api/v1/pods');
    expect(metrics).toBeGreaterThan(lastPodPage);
    // Listed: then every interval.
    const polls = () => api.calls.listPaths.filter((p) => p.startsWith('/apis/metrics.k8s.io/')).length;
    const before = polls();
    for (let s = 0; s < 15; s += 1) {
      clock.advance(1_000);
      await settle();
    }
    await settle();
    expect(polls()).toBe(before + 1);
  });
});

describe('the first metrics poll', () => {
  it('waits for the pods to be listed, past the first interval, and polls every FIRST_POLL_WAIT intervals while they are not', async () => {
    const api = new FakeApi();
    for (const pod of pods(3)) api.put(pod as never);
    api.podMetrics = [];
    // The pods cannot be listed (cluster-wide list forbidden), so the sync never ends.
    api.forbidClusterWide = true;
    const clock = new ManualClock(undefined, { instantDelays: false });
    const hub = liveHub(clock);
    stop = startLiveSource(hub, { transport: api, clock, namespaces: [], metricsIntervalMs: 15_000 }).stop;
    const metricsCalls = () => api.calls.listPaths.filter((p) => p.startsWith('/apis/metrics.k8s.io/')).length;
    // One second short of FIRST_POLL_WAIT intervals: four times the interval a poll used to wait.
    for (let s = 1; s < FIRST_POLL_WAIT * 15; s += 1) {
      clock.advance(1_000);
      await settle();
    }
    expect(hub.isReady()).toBe(false);
    expect(metricsCalls()).toBe(0);
    clock.advance(1_000);
    await settle();
    await settle();
    expect(metricsCalls()).toBe(1);
    // Still not listed: the next poll waits as long again, not one interval.
    for (let s = 1; s < FIRST_POLL_WAIT * 15; s += 1) {
      clock.advance(1_000);
      await settle();
    }
    expect(metricsCalls()).toBe(1);
    clock.advance(1_000);
    await settle();
    await settle();
    expect(metricsCalls()).toBe(2);
  });
});

describe('the metrics poller', () => {
  it('never asks for a wait longer than a timer can hold, whatever the interval', async () => {
    const api = new FakeApi();
    api.podMetrics = [];
    api.forbidClusterWide = true;
    const clock = new ManualClock(undefined, { instantDelays: false });
    const asked: number[] = [];
    const delay = clock.delay.bind(clock);
    clock.delay = (ms, signal) => {
      asked.push(ms);
      return delay(ms, signal);
    };
    const hub = liveHub(clock);
    stop = startLiveSource(hub, { transport: api, clock, namespaces: [], metricsIntervalMs: 1_000_000_000 }).stop;
    await settle();
    expect(asked).toContain(firstPollWaitMs(1_000_000_000));
    expect(Math.max(...asked)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });
});

describe('Hub.deriveSome', () => {
  it('derives pods in slices that stay within the budget, by the work clock, until none are left', () => {
    const work = countingClock(4);
    const { hub } = aHub({ workClock: work.read });
    hub.applyPodList('*', pods(100));
    const slices: { derived: number; took: number }[] = [];
    let done = false;
    while (!done) {
      const before = hub.derivationBacklog;
      const at = work.now;
      done = hub.deriveSome(25);
      slices.push({ derived: before - hub.derivationBacklog, took: work.now - at });
    }
    expect(slices.length).toBeGreaterThan(10);
    // A slice ends at the first read past the budget: over it by at most its first read and one pod.
    for (const slice of slices) expect(slice.took).toBeLessThanOrEqual(25 + 2 * 4);
    expect(slices.reduce((n, s) => n + s.derived, 0)).toBe(100);
    expect([...hub.livePods()].every((pod) => pod.derived !== undefined)).toBe(true);
  });

  it('derives at least one pod per slice, even past the budget', () => {
    const { hub } = aHub({ workClock: countingClock(1_000).read });
    hub.applyPodList('*', pods(3));
    expect(hub.deriveSome(25)).toBe(false);
    expect(hub.derivationBacklog).toBe(2);
  });
});

describe('applyInSlices and deriveInSlices', () => {
  it('yield to the event loop whenever the budget is spent, and apply and derive every pod', async () => {
    const work = countingClock(10);
    const { hub } = aHub({ workClock: work.read });
    const list = hub.beginPodList('*');
    let yields = 0;
    let sinceYield = work.now;
    let longest = 0;
    const yieldToLoop = () => {
      yields += 1;
      longest = Math.max(longest, work.now - sinceYield);
      sinceYield = work.now;
      return Promise.resolve();
    };
    await applyInSlices(hub, list, pods(500), 25, yieldToLoop);
    list.end();
    expect(hub.size.live).toBe(500);
    const applyYields = yields;
    expect(applyYields).toBeGreaterThan(1);
    const slices = await deriveInSlices(hub, 25, yieldToLoop);
    expect(slices).toBe(yields - applyYields + 1);
    expect(hub.derivationBacklog).toBe(0);
    expect(longest).toBeLessThanOrEqual(25 + 2 * 10);
  });

  it('start each page in a turn of its own: never a slice after the parse or the last derivation that handed the page over', async () => {
    const work = countingClock(10);
    const { hub } = aHub({ workClock: work.read });
    const list = hub.beginPodList('*');
    let turnStart = work.now;
    let longest = 0;
    const endTurn = () => {
      longest = Math.max(longest, work.now - turnStart);
      turnStart = work.now;
    };
    const yieldToLoop = () => {
      endTurn();
      return Promise.resolve();
    };
    const all = pods(2_000);
    for (let page = 0; page < 4; page += 1) {
      if (page % 2 === 1) {
        // The page arrives after the previous one is derived: a turn of its own parses it (30 ms of work)…
        endTurn();
        work.read();
        work.read();
        work.read();
      }
      // …else it arrived meanwhile, and is handed over in the turn of the previous page's last derivation slice.
      await applyInSlices(hub, list, all.slice(page * 500, page * 500 + 500), 25, yieldToLoop);
      await deriveInSlices(hub, 25, yieldToLoop);
    }
    endTurn();
    list.end();
    expect(hub.size.live).toBe(2_000);
    expect(hub.derivationBacklog).toBe(0);
    // Each turn: the parse, or one slice (its first read, the budget, and one pod or 50 read past it).
    expect(longest).toBeLessThanOrEqual(30 + 10);
  });
});
