import { describe, expect, it } from 'vitest';
import { aSummary } from '@/lib/model/testing/view-builders';
import type { LiveEvent } from './live-status';
import type { StreamBatch } from './stream-batch';
import { openStreamConnection, type EventSourceLike, type Timers } from './stream-connection';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  send(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) } as MessageEvent<string>);
  }
}

/** Timers run by hand: `tick()` fires the interval, `runTimeouts()` the pending timeouts. */
function manualTimers() {
  let interval: (() => void) | undefined;
  let timeouts: (() => void)[] = [];
  const timers: Timers = {
    setInterval: (fn) => (interval = fn),
    clearInterval: () => (interval = undefined),
    setTimeout: (fn) => timeouts.push(fn),
    clearTimeout: () => (timeouts = []),
  };
  return {
    timers,
    tick: () => interval?.(),
    runTimeouts: () => {
      const due = timeouts;
      timeouts = [];
      due.forEach((fn) => fn());
    },
    hasInterval: () => interval !== undefined,
  };
}

function setup() {
  const sources: FakeSource[] = [];
  const batches: StreamBatch[] = [];
  const live: LiveEvent[] = [];
  const clock = manualTimers();
  let now = 1_000;
  const close = openStreamConnection({
    url: '/ops/api/stream',
    flushMs: 500,
    onBatch: (b) => batches.push(b),
    onLive: (e) => live.push(e),
    createSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    timers: clock.timers,
    now: () => (now += 10),
  });
  const current = () => sources.at(-1) as FakeSource;
  return { sources, batches, live, clock, close, current };
}

const delta = (seq: number, extra: object = {}) => ({ type: 'delta', seq, changed: [], removed: [], listChanged: false, ...extra });
const hello = (seq: number) => ({ type: 'hello', seq, status: { state: 'connected', since: 1 }, summary: aSummary({ at: seq }) });

describe('stream connection', () => {
  it('opens one EventSource on the given URL', () => {
    const { sources } = setup();
    expect(sources.map((s) => s.url)).toEqual(['/ops/api/stream']);
  });

  it('hands over many messages as one batch per flush', () => {
    const { batches, clock, current } = setup();
    current().send(hello(0));
    current().send(delta(1, { summary: aSummary({ at: 1 }) }));
    current().send(delta(2, { changed: ['uid-a'] }));
    clock.tick();
    clock.tick();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ seq: 2, summary: { at: 1 }, listChanged: true, resync: false });
  });

  it('ignores messages that are not stream messages', () => {
    const { batches, clock, current } = setup();
    current().send('not json');
    current().send({ type: 'delta', seq: 'x' });
    clock.tick();
    expect(batches).toEqual([]);
  });

  it('asks for a full refetch when a second hello says the browser reconnected', () => {
    const { batches, clock, current } = setup();
    current().send(hello(0));
    clock.tick();
    current().send(hello(0));
    clock.tick();
    expect(batches.map((b) => b.resync)).toEqual([false, true]);
  });

  it('reports the link down with the time of the last message', () => {
    const { live, clock, current } = setup();
    current().send(hello(0));
    clock.tick();
    current().onerror?.(new Event('error'));
    const batchAt = live.find((e) => e.type === 'batch');
    expect(live.at(-1)).toEqual({ type: 'error', at: expect.any(Number), lastMessageAt: batchAt?.type === 'batch' ? batchAt.at : -1 });
  });

  it('reopens a stream the browser closed for good, after a wait', () => {
    const { sources, clock, current } = setup();
    current().readyState = 2;
    current().onerror?.(new Event('error'));
    expect(sources).toHaveLength(1);
    clock.runTimeouts();
    expect(sources).toHaveLength(2);
  });

  it('closes the EventSource and stops flushing when closed', () => {
    const { close, current, clock } = setup();
    close();
    expect(current().closed).toBe(true);
    expect(clock.hasInterval()).toBe(false);
  });
});
