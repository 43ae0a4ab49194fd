import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';

describe('ManualClock', () => {
  it('runs due tasks in time order, same-time tasks in scheduling order, and not the ones after the target', () => {
    const clock = new ManualClock(1_000);
    const ran: string[] = [];
    clock.at(3_000, () => ran.push('c'));
    clock.at(2_000, () => ran.push('a'));
    clock.at(2_000, () => ran.push('b'));
    clock.at(9_000, () => ran.push('late'));
    clock.advance(2_000);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(3_000);
  });

  it('runs tasks scheduled by tasks when they fall inside the same advance, seeing their own time', () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      if (seen.length < 5) clock.setTimer(tick, 100);
    };
    clock.setTimer(tick, 100);
    clock.advance(1_000);
    expect(seen).toEqual([100, 200, 300, 400, 500]);
  });

  it('skips cancelled tasks', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    const cancel = clock.setTimer(() => ran.push(1), 10);
    clock.setTimer(() => ran.push(2), 20);
    cancel();
    clock.advance(100);
    expect(ran).toEqual([2]);
  });

  it('keeps order across many randomly timed tasks (heap property)', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    const times = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const t of times) clock.at(t, () => ran.push(t));
    clock.advance(1_000);
    expect(ran).toEqual([...times].sort((a, b) => a - b));
  });

  it('resolves a delay once advanced past it, or at once when aborted, and records each delay asked for', async () => {
    const clock = new ManualClock(0);
    const done: string[] = [];
    void clock.delay(1_000).then(() => done.push('waited'));
    const controller = new AbortController();
    void clock.delay(60_000, controller.signal).then(() => done.push('aborted'));
    clock.advance(999);
    await Promise.resolve();
    expect(done).toEqual([]);
    clock.advance(1);
    controller.abort();
    await Promise.resolve();
    expect(done).toEqual(['waited', 'aborted']);
    expect(clock.delays).toEqual([1_000, 60_000]);
  });

  it('with instant delays, resolves a delay without moving time', async () => {
    const clock = new ManualClock(0, { instantDelays: true });
    await clock.delay(30_000);
    expect([clock.now(), clock.delays]).toEqual([0, [30_000]]);
  });
});
