import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../model/types';
import { Interner } from './interner';
import { SampleRing } from './sample-ring';

const sample = (at: number, containers: MetricsSample['containers'], windowSeconds?: number): MetricsSample => ({
  at,
  ...(windowSeconds === undefined ? {} : { windowSeconds }),
  containers,
});

const two = (at: number, cpu = 10, mem = 2 ** 33 + at): MetricsSample =>
  sample(at, { app: { cpuMilli: cpu, memoryBytes: mem }, 'istio-proxy': { cpuMilli: cpu / 2 + 0.25, memoryBytes: 50_000_000 } }, 30);

/** The ring as the hub grows it: `with` until a sample is refused. */
function grow(samples: MetricsSample[], historyMs = Number.POSITIVE_INFINITY, max = Number.POSITIVE_INFINITY): SampleRing {
  let ring = SampleRing.EMPTY;
  for (const s of samples) ring = ring.with(s, historyMs, max) ?? ring;
  return ring;
}

describe('SampleRing', () => {
  it('gives back the samples it was given, window and containers included', () => {
    const samples = [two(1_000), two(16_000, 12.5), sample(31_000, { app: { cpuMilli: 0, memoryBytes: 0 } })];
    const ring = grow(samples);
    expect(ring.toArray()).toEqual(samples);
    expect(ring.length).toBe(3);
    expect(ring.lastAt).toBe(31_000);
    expect(ring.latest()).toEqual(samples[2]);
    expect(JSON.stringify(ring.toArray()[0])).toBe(JSON.stringify(samples[0]));
  });

  it('keeps a container that appears later and one that is gone in the samples that had them', () => {
    const samples = [
      sample(1_000, { app: { cpuMilli: 1, memoryBytes: 1 } }),
      sample(2_000, { app: { cpuMilli: 2, memoryBytes: 2 }, debug: { cpuMilli: 3, memoryBytes: 3 } }),
      sample(3_000, { debug: { cpuMilli: 4, memoryBytes: 4 } }),
    ];
    expect(grow(samples).toArray()).toEqual(samples);
  });

  it('refuses a sample not newer than the newest kept', () => {
    const ring = grow([two(5_000)]);
    expect(ring.with(two(5_000), Number.POSITIVE_INFINITY, 10)).toBeUndefined();
    expect(ring.with(two(4_000), Number.POSITIVE_INFINITY, 10)).toBeUndefined();
  });

  it('drops the samples older than the window and the oldest beyond the budget', () => {
    const samples = [1_000, 2_000, 3_000, 4_000, 5_000].map((at) => two(at));
    expect(
      grow(samples, 2_500)
        .toArray()
        .map((s) => s.at),
    ).toEqual([3_000, 4_000, 5_000]);
    expect(
      grow(samples, Number.POSITIVE_INFINITY, 2)
        .toArray()
        .map((s) => s.at),
    ).toEqual([4_000, 5_000]);
    expect(
      grow(samples, Number.POSITIVE_INFINITY, 1)
        .toArray()
        .map((s) => s.at),
    ).toEqual([5_000]);
  });

  it('holds each sample as numbers in one array, and pods of one template share their container names', () => {
    const shared = new Interner();
    const a = SampleRing.of([two(1_000), two(2_000)], shared);
    const b = SampleRing.of([two(1_000)], shared);
    const fields = (ring: SampleRing) => Object.values(ring as unknown as Record<string, unknown>);
    const [namesA, valuesA] = fields(a) as [string[], unknown[]];
    const [namesB] = fields(b) as [string[]];
    expect(namesA).toBe(namesB);
    // No object per sample or per container: 2 samples × (at, window, 2 × (cpu, memory)).
    expect(valuesA).toHaveLength(12);
    expect(valuesA.every((v) => typeof v === 'number')).toBe(true);
  });
});
