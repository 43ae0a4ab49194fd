import { describe, expect, it } from 'vitest';
import { describeStamp, formatBytes, formatCpu, formatDuration, formatShare } from './format';

describe('display formatting', () => {
  it.each([
    [undefined, '—'],
    [512, '512B'],
    [64 * 1024, '64Ki'],
    [128 * 1024 * 1024, '128Mi'],
    [1.5 * 1024 ** 3, '1.5Gi'],
  ])('writes %s bytes as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([
    [undefined, '—'],
    [5, '5m'],
    [250, '250m'],
    [1000, '1'],
    [1500, '1.5'],
  ])('writes %s millicores as %s', (milli, expected) => {
    expect(formatCpu(milli)).toBe(expected);
  });

  it.each([
    [850, '850ms'],
    [4_200, '4.2s'],
    [42_000, '42s'],
    [185_000, '3m 05s'],
    [7_800_000, '2h 10m'],
    [-2_000, '-2.0s'],
  ])('writes a duration of %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('shows milliseconds and the resolution for an observed stamp', () => {
    const at = Date.UTC(2026, 10, 23, 9, 41, 7, 123);
    expect(describeStamp({ at, source: 'observed', resolutionMs: 1 })).toBe('09:41:07.123 UTC · observed, 1 ms resolution');
    expect(describeStamp({ at, source: 'reported', resolutionMs: 1000 })).toBe('09:41:07 UTC · reported, 1 s resolution');
  });

  it('gives no share of an empty whole', () => {
    expect([formatShare(1, 0), formatShare(1, 4)]).toEqual(['—', '25%']);
  });
});
