import { describe, expect, it } from 'vitest';
import { formatOffset, pickStep, toPct, toSpan, toTicks, toWindow } from './time-scale';

describe('timeline scale', () => {
  it('widens a window shorter than the minimum span', () => {
    expect(toWindow(100, 103)).toEqual({ from: 100, to: 1_100 });
    expect(toWindow(0, 60_000)).toEqual({ from: 0, to: 60_000 });
  });

  it.each([
    [0, 0],
    [5_000, 50],
    [10_000, 100],
    [-5, 0],
    [20_000, 100],
  ])('places %i ms at %i%% of a 10 s window, clamped', (at, pct) => {
    expect(toPct({ from: 0, to: 10_000 }, at)).toBe(pct);
  });

  it.each([
    [900, 200],
    [8_000, 1_000],
    [12_000, 2_000],
    [90_000, 15_000],
    [3_600_000, 600_000],
  ])('picks a step of %i ms for a span of %i ms at most 8 ticks', (span, step) => {
    expect(pickStep(span)).toBe(step);
  });

  it('never makes more ticks than asked for, starting at +0', () => {
    const ticks = toTicks({ from: 1_000, to: 1_000 + 47_000 });
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]).toMatchObject({ at: 1_000, label: '+0', pct: 0 });
    expect(ticks.map((t) => t.label).slice(0, 3)).toEqual(['+0', '+10s', '+20s']);
  });

  it.each([
    [0, '+0'],
    [250, '+250ms'],
    [1_500, '+1.5s'],
    [90_000, '+1m 30s'],
    [7_200_000, '+2h'],
  ])('writes an offset of %i ms as %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it('clips a segment to the window and drops one outside it', () => {
    const window = { from: 1_000, to: 2_000 };
    expect(toSpan(window, 500, 1_500)).toEqual({ left: 0, width: 50 });
    expect(toSpan(window, 2_500, 3_000)).toBeUndefined();
  });
});
