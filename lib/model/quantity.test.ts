import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpuMilli, parseCpuMilli, parseMemoryBytes, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['250m', 0.25],
    ['123456n', 0.000123456],
    ['5u', 0.000005],
    ['1k', 1000],
    ['1M', 1e6],
    ['2G', 2e9],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['128Mi', 128 * 1024 ** 2],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1Ti', 1024 ** 4],
    ['1Pi', 1024 ** 5],
    ['1Ei', 1024 ** 6],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['12e6', 12e6],
    ['1e+2', 100],
    ['.5', 0.5],
    ['0.1', 0.1],
    ['1.', 1],
    ['+1', 1],
    ['-1', -1],
    ['-250m', -0.25],
  ])('reads %s as %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each([
    [0.5, 0.5],
    [2, 2],
    [-3, -3],
    [1e-9, 1e-9],
  ])('accepts the number %d as itself', (number, value) => {
    expect(parseQuantity(number)).toBe(value);
  });

  it.each([
    [''],
    ['abc'],
    ['1 Gi'],
    [' 1'],
    ['1Kb'],
    ['1KiB'],
    ['1gi'],
    ['Mi'],
    ['.'],
    ['1e'],
    ['1e1.5'],
    ['--1'],
    ['1..2'],
    ['0x10'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [undefined],
    [{}],
    [[1]],
    [true],
    ['1e999'],
  ])('gives undefined for %j', (garbage) => {
    expect(parseQuantity(garbage)).toBeUndefined();
  });
});

describe('parseCpuMilli', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['0.1', 100],
    ['1.5', 1500],
    ['123456n', 0.123456],
    ['2500000n', 2.5],
    ['100u', 0.1],
    [0.25, 250],
  ])('reads %s as %d millicores without float drift', (text, milli) => {
    expect(parseCpuMilli(text)).toBe(milli);
  });

  it('reads nanocores as PodMetrics sends them exactly as the decimal they spell, for any number of digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,22}$/), (digits) => {
        expect(parseCpuMilli(`${digits}n`)).toBe(Number(`${digits}e-6`));
      }),
      { numRuns: 2_000 },
    );
    expect(parseCpuMilli('-5n')).toBe(-0.000005);
    expect(parseCpuMilli('1.5n')).toBe(0.0000015);
    expect(parseCpuMilli('n')).toBeUndefined();
  });
});

describe('parseMemoryBytes', () => {
  it.each([
    ['128Mi', 134217728],
    ['20480Ki', 20971520],
    ['129e6', 129000000],
    ['1G', 1e9],
    ['100m', 1],
    ['1.5Ki', 1536],
  ])('reads %s as %d bytes, rounding up like Quantity.Value()', (text, bytes) => {
    expect(parseMemoryBytes(text)).toBe(bytes);
  });

  it('gives undefined for garbage', () => {
    expect(parseMemoryBytes('lots')).toBeUndefined();
  });

  it('reads kibibytes as PodMetrics sends them exactly, for any number of digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,22}$/), (digits) => {
        expect(parseMemoryBytes(`${digits}Ki`)).toBe(Math.ceil(Number(digits) * 1024));
      }),
      { numRuns: 2_000 },
    );
    expect(parseMemoryBytes('Ki')).toBeUndefined();
    expect(parseMemoryBytes('+2Ki')).toBe(2048);
  });
});

describe('formatCpuMilli', () => {
  it.each([
    [250, '250m'],
    [0, '0m'],
    [999.6, '1'],
    [999.4, '999m'],
    [1000, '1'],
    [1500, '1.5'],
    [1250, '1.25'],
    [2000, '2'],
    [0.123456, '0.12m'],
    [Number.NaN, '—'],
  ])('shows %d millicores as %s', (milli, text) => {
    expect(formatCpuMilli(milli)).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512B'],
    [1024, '1Ki'],
    [128 * 1024 ** 2, '128Mi'],
    [1.5 * 1024 ** 3, '1.5Gi'],
    [2.04 * 1024 ** 3, '2.0Gi'],
    [123.4 * 1024 ** 2, '123Mi'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('round-trips every whole binary unit through parseMemoryBytes', () => {
    for (const unit of ['Ki', 'Mi', 'Gi', 'Ti']) {
      expect(formatBytes(parseMemoryBytes(`3${unit}`) ?? Number.NaN)).toBe(`3${unit}`);
    }
  });
});
