import { describe, expect, it } from 'vitest';
import type { ReplicaStartup } from '@/lib/model/workload-view';
import { alignedSpanMs, parseReplicaSort, sortReplicas } from './replica-order';

const replica = (name: string, t0: number, tax?: number, readyAfter?: number): ReplicaStartup => ({
  uid: name,
  name,
  status: 'Running',
  ready: '2/2',
  restarts: 0,
  deleted: false,
  t0,
  isSlow: false,
  findings: { critical: 0, warning: 0, info: 0 },
  ...(tax === undefined ? {} : { startupTaxMs: tax }),
  lanes:
    readyAfter === undefined
      ? []
      : [
          {
            container: 'app',
            kind: 'main',
            image: 'x',
            segments: [],
            markers: [],
            restartCount: 0,
            readyAt: { at: t0 + readyAfter, source: 'observed', resolutionMs: 1 },
          },
        ],
});

describe('sortReplicas', () => {
  const replicas = [replica('b', 2_000, 900), replica('a', 3_000, 5_000), replica('c', 1_000)];
  it.each([
    { sort: 'tax' as const, order: ['a', 'b', 'c'] },
    { sort: 'name' as const, order: ['a', 'b', 'c'].sort() },
    { sort: 'newest' as const, order: ['a', 'b', 'c'] },
  ])('orders by $sort', ({ sort, order }) => {
    expect(sortReplicas(replicas, sort).map((r) => r.name)).toEqual(order);
  });

  it('puts unmeasured replicas last when sorting by tax', () => {
    expect(sortReplicas([replica('z', 0), replica('y', 0, 10)], 'tax').map((r) => r.name)).toEqual(['y', 'z']);
  });
});

describe('parseReplicaSort', () => {
  it.each([
    ['name', 'name'],
    ['newest', 'newest'],
    ['tax', 'tax'],
    [null, 'tax'],
    ['-tax; drop', 'tax'],
  ])('%s → %s', (value, sort) => {
    expect(parseReplicaSort(value)).toBe(sort);
  });
});

describe('alignedSpanMs', () => {
  it("covers the slowest replica's startup plus a quarter, at least 2 s", () => {
    expect(alignedSpanMs([replica('a', 10_000, 0, 4_000), replica('b', 50_000, 0, 16_000)])).toBe(20_000);
    expect(alignedSpanMs([replica('a', 10_000, 0, 100)])).toBe(2_000);
    expect(alignedSpanMs([])).toBe(2_000);
  });
});
