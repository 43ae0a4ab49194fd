import { describe, expect, it } from 'vitest';
import { toGoDuration, toRfc3339, toShortAge } from './time-format';

describe('time formats', () => {
  it('formats RFC 3339 at one-second resolution, truncating', () => {
    expect(toRfc3339(Date.UTC(2026, 0, 2, 3, 4, 5, 999))).toBe('2026-01-02T03:04:05Z');
  });

  it.each([
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s'],
  ])('prints %i ms as Go does: %s', (ms, text) => {
    expect(toGoDuration(ms)).toBe(text);
  });

  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [150_000, '2m30s'],
    [3 * 3_600_000, '3h'],
    [50 * 3_600_000, '2d2h'],
  ])('prints an age of %i ms as kubectl: %s', (ms, text) => {
    expect(toShortAge(ms)).toBe(text);
  });
});
