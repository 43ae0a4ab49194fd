import { describe, expect, it } from 'vitest';
import { clampToHistory, fromInputValue, parseAtParam, toInputValue, withAt } from './time-travel';

const T = Date.UTC(2026, 11, 5, 3, 12, 0);

describe('time travel in the URL', () => {
  it.each([
    ['2026-12-05T03:12:00.000Z', T],
    [String(T), T],
    ['yesterday', undefined],
    ['', undefined],
    [null, undefined],
  ])('reads at=%s as %s', (value, expected) => {
    expect(parseAtParam(value)).toBe(expected);
  });

  it('adds the moment and extra parameters to a path, keeping its query', () => {
    expect(withAt('/api/pods?namespace=shop', T)).toBe('/api/pods?namespace=shop&at=2026-12-05T03%3A12%3A00.000Z');
    expect(withAt('/pods/shop/a', undefined, { uid: 'u1' })).toBe('/pods/shop/a?uid=u1');
    expect(withAt('/api/summary', undefined)).toBe('/api/summary');
  });

  it('round-trips a moment through the datetime input as UTC, and clamps it to the history', () => {
    expect(fromInputValue(toInputValue(T))).toBe(T);
    expect(fromInputValue('2026-12-05T03:12')).toBe(T);
    expect(fromInputValue('2026-12-05')).toBeUndefined();
    expect(clampToHistory(T - 10, T, T + 100)).toBe(T);
    expect(clampToHistory(T + 500, T, T + 100)).toBe(T + 100);
  });
});
