import { describe, expect, it } from 'vitest';
import { StatusTracker } from './hub-status';

const EVENTS = { reason: 'missing RBAC permission: list events (core) at cluster scope', blocking: false };
const METRICS = { reason: 'missing RBAC permission: list pods (metrics.k8s.io) at cluster scope', blocking: false };
const PODS = { reason: 'missing RBAC permission: watch pods (core) at cluster scope', blocking: true };

function connected(): StatusTracker {
  const tracker = new StatusTracker();
  tracker.set('pods:*', { state: 'connected' }, 1_000);
  return tracker;
}

describe('StatusTracker with permissions', () => {
  it('stays connected without a reason when nothing is missing', () => {
    const tracker = connected();
    tracker.setMissing([], 2_000);
    expect(tracker.current(3_000)).toEqual({ state: 'connected', since: 1_000 });
  });

  it.each([
    ['one optional grant', [EVENTS], EVENTS.reason],
    ['several optional grants', [EVENTS, METRICS], `${EVENTS.reason} (and 1 more)`],
  ])('is connected but degraded, naming the rule, without %s', (_, missing, reason) => {
    const tracker = connected();
    tracker.setMissing(missing, 2_000);
    expect(tracker.current(3_000)).toEqual({ state: 'connected', since: 1_000, reason });
    expect(tracker.missingPermissions()).toEqual(missing.map((m) => m.reason));
  });

  it('is forbidden when a pods list/watch grant is missing, even while the loops are connected', () => {
    const tracker = connected();
    tracker.setMissing([EVENTS, PODS], 2_000);
    expect(tracker.current(3_000)).toEqual({ state: 'forbidden', since: 2_000, reason: PODS.reason });
    expect(tracker.missingPermissions()[0]).toBe(PODS.reason);
  });

  it("prefers the reason of a denied loop, which carries the API server's own words", () => {
    const tracker = connected();
    tracker.setMissing([PODS], 2_000);
    tracker.set('pods:*', { state: 'forbidden', reason: 'loop says' }, 2_500);
    expect(tracker.current(3_000)).toMatchObject({ state: 'forbidden', reason: 'loop says' });
  });

  it('keeps when the permissions went missing across identical reviews, and clears once granted', () => {
    const tracker = connected();
    tracker.setMissing([PODS], 2_000);
    tracker.setMissing([PODS], 5_000);
    expect(tracker.current(6_000)).toMatchObject({ since: 2_000 });
    tracker.setMissing([], 7_000);
    expect(tracker.current(8_000)).toEqual({ state: 'connected', since: 1_000 });
  });

  it('shows a note (an optional loop denied) as a degradation until it is cleared', () => {
    const tracker = connected();
    tracker.setNote('events:*', 'events denied');
    expect(tracker.current(2_000)).toEqual({ state: 'connected', since: 1_000, reason: 'events denied' });
    tracker.setNote('events:*', undefined);
    expect(tracker.current(2_000)).toEqual({ state: 'connected', since: 1_000 });
  });

  it('stops saying reconnecting once a retrying optional loop is forgotten (denied by RBAC)', () => {
    const tracker = connected();
    tracker.set('events:*', { state: 'reconnecting', reason: 'cut', failures: 1 }, 2_000);
    expect(tracker.current(3_000).state).toBe('reconnecting');
    tracker.forget('events:*', 4_000);
    tracker.setNote('events:*', 'events denied');
    expect(tracker.current(5_000)).toEqual({ state: 'connected', since: 4_000, reason: 'events denied' });
  });

  it('says reconnecting rather than degraded while a loop retries', () => {
    const tracker = connected();
    tracker.setMissing([EVENTS], 2_000);
    tracker.set('pods:*', { state: 'reconnecting', reason: 'down', failures: 1 }, 2_000);
    expect(tracker.current(3_000)).toMatchObject({ state: 'reconnecting', reason: 'down' });
  });
});

describe('StatusTracker with a watch that delivers nothing', () => {
  it('stays connected (the data is relisted) but says why it is not plainly live, until the warning clears', () => {
    const tracker = connected();
    const warning = 'watch delivers nothing: a proxy buffering the stream? Relisting every 30 s.';
    tracker.set('pods:*', { state: 'connected', warning }, 2_000);
    expect(tracker.current(3_000)).toEqual({ state: 'connected', since: 1_000, reason: warning });
    tracker.set('pods:*', { state: 'connected' }, 4_000);
    expect(tracker.current(5_000)).toEqual({ state: 'connected', since: 1_000 });
  });
});

describe('StatusTracker with expected loops', () => {
  it('is neither synced nor connected until every expected pods loop has listed', () => {
    const tracker = new StatusTracker();
    tracker.expect(['pods:a', 'pods:b', 'events:a', 'events:b']);
    tracker.set('pods:a', { state: 'connected' }, 1_000);
    tracker.set('events:a', { state: 'connected' }, 1_000);
    expect(tracker.hasSynced()).toBe(false);
    expect(tracker.current(1_500).state).toBe('connecting');
    tracker.set('pods:b', { state: 'connected' }, 2_000);
    expect(tracker.hasSynced()).toBe(true);
    expect(tracker.current(2_500).state).toBe('connecting');
    tracker.set('events:b', { state: 'connected' }, 3_000);
    expect(tracker.current(3_500)).toEqual({ state: 'connected', since: 3_000 });
  });

  it('is synced with a denied namespace once the others have listed, and not before one has', () => {
    const tracker = new StatusTracker();
    tracker.expect(['pods:a', 'pods:b']);
    tracker.set('pods:b', { state: 'forbidden', reason: 'list pods in b' }, 1_000);
    expect(tracker.hasSynced()).toBe(false);
    tracker.set('pods:a', { state: 'connected' }, 2_000);
    expect(tracker.hasSynced()).toBe(true);
    expect(tracker.current(2_500)).toMatchObject({ state: 'forbidden', reason: 'list pods in b' });
  });

  it('stops waiting for an optional loop once it is forgotten', () => {
    const tracker = new StatusTracker();
    tracker.expect(['pods:*', 'events:*']);
    tracker.set('pods:*', { state: 'connected' }, 1_000);
    expect(tracker.current(1_500).state).toBe('connecting');
    tracker.forget('events:*', 2_000);
    expect(tracker.current(2_500)).toEqual({ state: 'connected', since: 2_000 });
  });
});
