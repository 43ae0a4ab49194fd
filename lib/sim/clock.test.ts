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
      if (seen.length < 5) clock.after(100, tick);
    };
    clock.after(100, tick);
    clock.advance(1_000);
    expect(seen).toEqual([100, 200, 300, 400, 500]);
  });

  it('skips cancelled tasks', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    const cancel = clock.after(10, () => ran.push(1));
    clock.after(20, () => ran.push(2));
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
});
