import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFleet, emptyFleet, fleetOf, percentiles, replaceInFleet, startupTaxMs, subtractFleet, toMetricsSeries, toPodRow } from './derive-views';
import { detectFindings } from './findings';
import { deriveLifecycle } from './lifecycle';
import { aContainer, aDigest, aNativeSidecar, aStatus, at, ms, running, terminated, waiting } from './testing/builders';
import type { MetricsSample } from './types';
import type { FleetShare } from './views';

const MI = 1024 * 1024;
const pod = aDigest({
  name: 'myapp-1',
  initContainers: [
    aContainer('setup', { requests: { cpu: '1', memory: '1Gi' } }),
    aNativeSidecar('proxy', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } }),
  ],
  containers: [aContainer('app', { requests: { cpu: '500m', memory: '256Mi' } }), aContainer('fluent-bit', { requests: { cpu: '50m', memory: '64Mi' } })],
  statuses: [
    aStatus('setup', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(2) }), { ready: true }),
    aStatus('proxy', running(at(3))),
    aStatus('app', running(at(7))),
    aStatus('fluent-bit', waiting('CrashLoopBackOff'), { restartCount: 2 }),
  ],
});
const sample = (second: number, memoryMi: number): MetricsSample => ({
  at: ms(second),
  containers: { app: { cpuMilli: 300, memoryBytes: 200 * MI }, proxy: { cpuMilli: 20, memoryBytes: memoryMi * MI } },
});

describe('toPodRow', () => {
  it("carries kubectl's columns, the containers and the finding counts", () => {
    const findings = detectFindings({ pod, now: ms(60) });
    const row = toPodRow(pod, findings);
    expect([row.status, row.ready, row.restarts]).toEqual(['CrashLoopBackOff', '2/3', 2]);
    expect(row.containers.map((container) => container.kind)).toEqual(['init', 'native-sidecar', 'main', 'legacy-sidecar']);
    expect(row.findings.critical + row.findings.warning + row.findings.info).toBe(findings.length);
    expect(row.findingIds).toContain('sidecar-crashloop');
    expect(new Set(row.findingIds).size).toBe(row.findingIds.length);
  });
});

describe('fleetOf', () => {
  it('splits requests, limits and use between sidecars and mains, leaving plain init containers out', () => {
    const share = fleetOf(pod, sample(60, 100));
    expect(share.sidecars.requests).toEqual({ cpuMilli: 150, memoryBytes: 192 * MI });
    expect(share.sidecars.limits).toEqual({ cpuMilli: 0, memoryBytes: 256 * MI });
    expect(share.mains.requests).toEqual({ cpuMilli: 500, memoryBytes: 256 * MI });
    expect(share.sidecars.usage).toEqual({ cpuMilli: 20, memoryBytes: 100 * MI });
    expect([share.sidecarCount, share.mainCount]).toEqual([2, 1]);
  });

  it('has no usage without a sample', () => {
    expect(fleetOf(pod).sidecars.usage).toBeUndefined();
  });
});

describe('addFleet and subtractFleet', () => {
  const figures = fc.record({ cpuMilli: fc.integer({ min: 0, max: 1e6 }), memoryBytes: fc.integer({ min: 0, max: 1e12 }) });
  const totals = fc.record({ requests: figures, limits: figures });
  const share: fc.Arbitrary<FleetShare> = fc.record({ sidecars: totals, mains: totals, sidecarCount: fc.nat(50), mainCount: fc.nat(50) });

  it('undo each other, so running totals can be kept incrementally', () => {
    fc.assert(
      fc.property(share, share, (a, b) => {
        expect(subtractFleet(addFleet(a, b), b)).toEqual(a);
      }),
    );
  });

  it('sum pods in any order to the same total', () => {
    fc.assert(
      fc.property(fc.array(share, { maxLength: 8 }), (shares) => {
        const forward = shares.reduce(addFleet, emptyFleet());
        const backward = [...shares].reverse().reduce(addFleet, emptyFleet());
        expect(forward).toEqual(backward);
      }),
    );
  });
});

describe('startupTaxMs', () => {
  it('measures from the pod start to the last main container running', () => {
    expect(startupTaxMs(deriveLifecycle({ pod, now: ms(60) }), pod)).toBe(7000);
  });

  it('is undefined until every main container has run', () => {
    const waitingPod = aDigest({ initContainers: [aNativeSidecar('proxy')], statuses: [aStatus('proxy', running(at(1), { started: false }))] });
    expect(startupTaxMs(deriveLifecycle({ pod: waitingPod, now: ms(60) }), waitingPod)).toBeUndefined();
  });

  it('falls back to the creation marker without the pod', () => {
    expect(startupTaxMs(deriveLifecycle({ pod, now: ms(60) }))).toBe(7000);
  });
});

describe('percentiles', () => {
  it.each([
    [
      [5, 1, 4, 2, 3],
      [50, 95],
      [3, 5],
    ],
    [[10], [50, 95], [10, 10]],
    [Array.from({ length: 100 }, (_, index) => index + 1), [50, 95, 0, 100], [50, 95, 1, 100]],
  ])('takes nearest-rank percentiles of %o', (values, ps, expected) => {
    expect(percentiles(values, ps)).toEqual(expected);
  });

  it('returns NaN for each percentile of no values', () => {
    expect(percentiles([], [50, 95])).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('toMetricsSeries', () => {
  it('gives each measured container its points in time order with its requests and limits', () => {
    const series = toMetricsSeries(pod, [sample(120, 110), sample(60, 100)]);
    expect(series.map((entry) => entry.container)).toEqual(['proxy', 'app']);
    expect(series[0]?.points.map((point) => point.memoryBytes)).toEqual([100 * MI, 110 * MI]);
    expect(series[0]?.limits.memoryBytes).toBe(256 * MI);
  });
});

describe('replaceInFleet', () => {
  it('gives exactly what subtracting the old share and adding the new one gives', () => {
    const figures = fc.record({ cpuMilli: fc.double({ min: 0, max: 1e7, noNaN: true }), memoryBytes: fc.double({ min: 0, max: 1e13, noNaN: true }) });
    const totals = fc.record({ requests: figures, limits: figures, usage: figures }, { requiredKeys: ['requests', 'limits'] });
    const share = fc.record({ sidecars: totals, mains: totals, sidecarCount: fc.nat(1_000), mainCount: fc.nat(1_000) });
    fc.assert(
      fc.property(share, share, share, (total: FleetShare, before: FleetShare, after: FleetShare) => {
        const stepwise = addFleet(subtractFleet(total, before), after);
        const fused = replaceInFleet(total, before, after);
        expect(fused).toEqual(stepwise);
        expect(JSON.stringify(fused)).toBe(JSON.stringify(stepwise));
      }),
      { numRuns: 500 },
    );
  });
});
