import { describe, expect, it } from 'vitest';
import { fleetOf, toPodRow } from '../model/derive-views';
import { aContainer, aDigest, aNativeSidecar } from '../model/testing/builders';
import type { MetricsSample, PodDigest } from '../model/types';
import { Interner } from './interner';
import { shareDerived, type Derived } from './shared-derived';

const withRequests = { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '3Gi' } };
const pod: PodDigest = aDigest({ containers: [aContainer('app', withRequests), aNativeSidecar('envoy', withRequests)] });

function derivedWith(sample: MetricsSample | undefined): Derived {
  return { findings: [], row: toPodRow(pod, []), fleet: fleetOf(pod, sample) };
}

const sample = (containers: MetricsSample['containers']): MetricsSample => ({ at: 1_000, containers });

describe('shareDerived: the fleet share', () => {
  it.each([
    ['no use', undefined],
    ['use of both sides', sample({ app: { cpuMilli: 12.5, memoryBytes: 5 * 2 ** 30 }, envoy: { cpuMilli: 3, memoryBytes: 40_000_000 } })],
    ['use of the main containers only', sample({ app: { cpuMilli: 0, memoryBytes: 0 } })],
    ['use of the sidecars only', sample({ envoy: { cpuMilli: 7, memoryBytes: 1 } })],
  ])('gives back the share with %s, in the same key order', (_name, metrics) => {
    const fresh = derivedWith(metrics);
    const json = JSON.stringify(fresh.fleet);
    const kept = shareDerived(derivedWith(metrics), new Interner());
    expect(kept.fleet).toEqual(fresh.fleet);
    expect(JSON.stringify(kept.fleet)).toBe(json);
  });

  it('keeps one share of requests and limits for the pods of a template, whatever each one uses', () => {
    const shared = new Interner();
    const a = shareDerived(derivedWith(sample({ app: { cpuMilli: 1, memoryBytes: 1 } })), shared);
    const b = shareDerived(derivedWith(sample({ app: { cpuMilli: 2, memoryBytes: 2 } })), shared);
    expect(a.fleet.mains.usage).toEqual({ cpuMilli: 1, memoryBytes: 1 });
    expect(b.fleet.mains.usage).toEqual({ cpuMilli: 2, memoryBytes: 2 });
    expect(b.fleet.mains.requests).toBe(a.fleet.mains.requests);
    expect(b.fleet.sidecars.limits).toBe(a.fleet.sidecars.limits);
  });
});
