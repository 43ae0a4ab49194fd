import { describe, expect, it } from 'vitest';
import { formatMebibytes, niceCeil, toMebibytes } from './nice-scale';

describe('chart scales', () => {
  it.each([
    [294, 300],
    [0.7, 0.8],
    [1150, 1200],
    [100, 100],
    [2.3, 2.5],
    [0, 1],
    [Number.NaN, 1],
  ])('rounds an axis top of %s up to %s', (value, expected) => {
    expect(niceCeil(value)).toBeCloseTo(expected, 9);
  });

  it('converts bytes to mebibytes and writes them back in Kubernetes units', () => {
    expect(toMebibytes(256 * 1024 * 1024)).toBe(256);
    expect(toMebibytes(undefined)).toBeUndefined();
    expect([formatMebibytes(300), formatMebibytes(1536), formatMebibytes(2.25)]).toEqual(['300Mi', '1.5Gi', '2.3Mi']);
  });
});
