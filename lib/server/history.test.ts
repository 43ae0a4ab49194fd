import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContainer, aPod, aStatus, running } from '../model/testing/builders';
import type { PodOptions } from '../model/testing/builders';
import { aDataDir } from '../history/testing';
import { SqliteHistoryStore } from '../history/sqlite-store';
import { openHistory, rehydrate, noteClockJump, startHistoryLoop, viewOf, type History } from './history';
import { renderMetrics } from './prometheus';
import { detailOf, summaryOf } from './hub-views';
import { aHub, withFindings } from './testing/hub-fixture';

const T = 1_800_000_000_000;
let data: { dir: string; remove(): void };
let logs: string[];

beforeEach(() => {
  data = aDataDir();
  logs = [];
});
afterEach(() => data.remove());

function history(clock: { time: number }): History {
  const opened = openHistory(
    { dataDir: data.dir, retentionMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3 },
    'c1',
    () => clock.time,
    (l) => logs.push(l),
  );
  if (!('store' in opened)) throw new Error(opened.off);
  return opened;
}

const raw = (name: string, rv: string, options: PodOptions = {}) =>
  aPod({
    name,
    resourceVersion: rv,
    containers: [aContainer('app')],
    statuses: [aStatus('app', running('2024-07-19T13:38:01Z', { ready: true }))],
    ...options,
  });

/** One process's life: a hub with a store, fed by `feed`, flushed, closed. */
async function lifetime(start: number, feed: (f: ReturnType<typeof aHub>, h: History) => void | Promise<void>) {
  const clock = { time: start };
  const h = history(clock);
  const fixture = { ...aHub({ history: h.recorder, now: () => clock.time }), clock };
  await rehydrate(fixture.hub, h, 3_600_000);
  await feed(fixture, h);
  return { ...fixture, h };
}

async function connectedFlush(f: ReturnType<typeof aHub>, h: History): Promise<void> {
  f.hub.flush();
  h.recorder.observeStatus({ state: 'connected', since: f.clock.time }, f.clock.time);
  await h.recorder.flush();
}

describe('history across a restart', () => {
  it('gives a pod that lived across the restart one timeline with the gap marked, and closes a pod deleted meanwhile at its last sighting', async () => {
    const first = await lifetime(T, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '1'), raw('b', '2')]);
      f.hub.setLoopStatus('pods:*', { state: 'connected' });
      await connectedFlush(f, h);
      f.clock.time = T + 60_000;
      await connectedFlush(f, h);
      await h.store.close();
    });
    expect(first.hub.size.live).toBe(2);

    const down = T + 60_000;
    const up = T + 600_000;
    const second = await lifetime(up, async (f, h) => {
      expect(summaryOf(f.hub).pods.total).toBe(2);
      f.clock.time = up + 1_000;
      f.hub.applyPodList('*', [raw('a', '3')]);
      await connectedFlush(f, h);
    });
    const a = detailOf(second.hub, 'default', 'a');
    expect(a?.digest.uid).toBe('uid-default-a');
    expect(a?.lifecycle.gaps).toEqual([{ from: down, to: up, reason: 'process-down' }]);
    const lane = a?.lifecycle.lanes[0];
    expect(lane?.segments.some((s) => s.from.at < down && (s.to?.at ?? Infinity) > up)).toBe(false);
    const b = detailOf(second.hub, 'default', 'b');
    expect(b?.row.deleted).toBe(true);
    expect(second.hub.pod('uid-default-b')?.deletedAt).toBe(down);
    const stored = await second.h.store.podAt('uid-default-b', up + 10_000);
    expect([stored?.deletedAt, stored?.deletion]).toEqual([down, 'last-seen']);
    expect(await second.h.store.gaps(T, up + 10_000)).toEqual([{ from: down, to: up, reason: 'process-down' }]);
    await second.h.store.close();
  });

  it('keeps a finding raised before the restart open with its first raise time, not raised again', async () => {
    await lifetime(T, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '1', withFindings.crashLooping)]);
      await connectedFlush(f, h);
      await h.store.close();
    });
    const second = await lifetime(T + 300_000, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '2', withFindings.crashLooping)]);
      await connectedFlush(f, h);
      f.clock.time += 5_000;
      f.hub.applyPodEvent('MODIFIED', raw('a', '3'));
      await connectedFlush(f, h);
    });
    const spans = await second.h.store.findingsBetween(T, T + 400_000);
    expect(spans.map((s) => [s.key, s.raisedAt, s.clearedAt])).toEqual([['sidecar-crashloop/proxy', T, T + 305_000]]);
    await second.h.store.close();
  });
});

describe('history on a bad day', () => {
  it('pauses on a full disk without stopping the live view, says why, and resumes with nothing lost', async () => {
    const run = await lifetime(T, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '1')]);
      await connectedFlush(f, h);
    });
    const store = run.h.store as SqliteHistoryStore;
    // SQLite never sets the cap below the current size: the file is full as it stands.
    store.capBytes(1);
    for (let i = 0; i < 200; i += 1) run.hub.applyPodEvent('ADDED', raw(`p${i}`, `${10 + i}`, { labels: { filler: 'x'.repeat(200) } }));
    await connectedFlush(run, run.h);
    expect(run.h.recorder.state).toMatchObject({ state: 'paused', reason: 'disk full' });
    expect(logs.filter((l) => l.startsWith('history paused'))).toEqual(['history paused: disk full; the live view goes on, writes are retried']);
    expect(summaryOf(run.hub).pods.total).toBe(201);
    run.hub.setLoopStatus('pods:*', { state: 'connected' });
    run.hub.setHistory(viewOf(run.h));
    const summary = summaryOf(run.hub);
    expect(summary.history).toMatchObject({ state: 'paused', reason: 'disk full', since: T });
    expect(summary.status).toMatchObject({ state: 'connected', reason: 'History paused: disk full' });
    const text = renderMetrics(run.hub, 0, { findingsDropped: 0 }, undefined, {
      bytes: 1,
      paused: true,
      reason: run.h.recorder.state.reason,
      counters: run.h.recorder.counters,
    });
    expect(text).toContain('sidecarscope_history_paused{reason="disk full"} 1');
    expect(text).toContain('sidecarscope_history_write_errors_total 1');
    store.capBytes(undefined);
    run.clock.time += 11_000;
    await connectedFlush(run, run.h);
    expect(run.h.recorder.state).toEqual({ state: 'recording' });
    run.hub.setHistory(viewOf(run.h));
    expect(summaryOf(run.hub).status).toEqual({ state: 'connected', since: expect.any(Number) });
    expect((await store.podsAt(run.clock.time)).length).toBe(201);
    await store.close();
  });

  it('records no gap for a write that takes longer than the jump threshold: the loop ran all along', async () => {
    const run = await lifetime(T, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '1')]);
      await connectedFlush(f, h);
    });
    let tick = () => {};
    const stop = startHistoryLoop(run.hub, run.h, (_ms, fn) => ((tick = fn), () => undefined), 1_000);
    // The store's writes wait until released: a disk (or writer thread) 40 s slow.
    const write = run.h.store.write.bind(run.h.store);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    run.h.store.write = async (batch) => {
      await held;
      return write(batch);
    };
    run.hub.applyPodEvent('MODIFIED', raw('a', '2'));
    for (let s = 1; s <= 40; s += 1) {
      run.clock.time = T + s * 1_000;
      tick();
      await Promise.resolve();
    }
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.clock.time = T + 41_000;
    tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.hub.gaps).toEqual([]);
    stop();
  });

  it('records a jump of the clock forward as a gap and never moves the heartbeat back', async () => {
    const run = await lifetime(T, async (f, h) => {
      f.hub.applyPodList('*', [raw('a', '1')]);
      await connectedFlush(f, h);
    });
    noteClockJump(run.hub, run.h.recorder, T, T + 3_600_000, 1_000);
    expect(run.hub.gaps).toEqual([{ from: T, to: T + 3_600_000, reason: 'process-down' }]);
    run.clock.time = T + 3_600_000;
    await connectedFlush(run, run.h);
    run.clock.time = T + 1_000;
    noteClockJump(run.hub, run.h.recorder, T + 3_600_000, T + 1_000, 1_000);
    await connectedFlush(run, run.h);
    expect(await run.h.store.lastHeartbeat()).toBe(T + 3_600_000);
    expect(await run.h.store.gaps(T, T + 4_000_000)).toEqual([{ from: T, to: T + 3_600_000, reason: 'process-down' }]);
    await run.h.store.close();
  });
});
