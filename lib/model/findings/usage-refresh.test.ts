import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aNativeSidecar, aStatus, at, running, terminated } from '../testing/builders';
import { replayScenario } from '../testing/replay-scenario';
import { SEED_SCENARIOS } from '../testing/seed-scenarios';
import type { MetricsSample, PrometheusSignals } from '../types';
import { detectFindings, refreshFindings, refreshUsageFindings, samplesLeaveFindings, signalsLeaveFindings } from './index';

const MI = 1024 * 1024;

describe('refreshUsageFindings', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'gives what a full derivation gives when only the samples changed (%s)',
    (_name, scenario) => {
      const { pod, observations, events, metrics } = replayScenario(scenario);
      const base = { pod, observations, events, ...(scenario.cluster ? { cluster: scenario.cluster } : {}), now: scenario.now };
      const before = detectFindings({ ...base, metrics });
      const usage = fc.record({ cpuMilli: fc.integer({ min: 0, max: 4000 }), memoryBytes: fc.integer({ min: 0, max: 2048 * MI }) });
      const samples = fc.array(fc.tuple(fc.integer({ min: -600, max: 0 }), fc.tuple(...pod.containers.map(() => fc.option(usage, { nil: undefined })))), {
        maxLength: 4,
      });
      fc.assert(
        fc.property(samples, (drawn) => {
          const next: MetricsSample[] = drawn.map(([offset, usages]) => ({
            at: scenario.now + offset * 1000,
            containers: Object.fromEntries(pod.containers.flatMap((container, i) => (usages[i] ? [[container.name, usages[i]]] : []))),
          }));
          expect(refreshUsageFindings(before, { ...base, metrics: next })).toEqual(detectFindings({ ...base, metrics: next }));
        }),
        { numRuns: 40 },
      );
    },
  );

  it('raises and clears the usage findings of a sidecar as its samples change', () => {
    const scenario = SEED_SCENARIOS.find((s) => s.name.includes('oom')) ?? SEED_SCENARIOS[0];
    if (!scenario) throw new Error('no seed scenarios');
    const { pod, observations, events } = replayScenario(scenario);
    const sidecar = pod.containers.find((c) => c.kind !== 'main' && c.kind !== 'init' && c.resources.limits.memoryBytes);
    if (!sidecar?.resources.limits.memoryBytes) throw new Error(`${scenario.name} has no sidecar with a memory limit`);
    const base = { pod, observations, events, now: scenario.now };
    const near = [{ at: scenario.now, containers: { [sidecar.name]: { cpuMilli: 1, memoryBytes: sidecar.resources.limits.memoryBytes } } }];
    const calm = [{ at: scenario.now, containers: { [sidecar.name]: { cpuMilli: 1, memoryBytes: 1 } } }];
    const raised = refreshUsageFindings(detectFindings({ ...base, metrics: calm }), { ...base, metrics: near });
    expect(raised.map((f) => f.id)).toContain('sidecar-near-memory-limit');
    expect(refreshUsageFindings(raised, { ...base, metrics: calm }).map((f) => f.id)).not.toContain('sidecar-near-memory-limit');
  });

  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'is skipped only when it would give the findings back as they were (%s)',
    (_name, scenario) => {
      const { pod, observations, events, metrics } = replayScenario(scenario);
      const base = { pod, observations, events, ...(scenario.cluster ? { cluster: scenario.cluster } : {}), now: scenario.now };
      // Around each container's own figures, so that requests and limits are crossed both ways.
      const scale = (container: (typeof pod.containers)[number]) => {
        const { requests, limits } = container.resources;
        return { cpu: 2 * (requests.cpuMilli ?? 200), memory: 2 * (limits.memoryBytes ?? requests.memoryBytes ?? 256 * MI) };
      };
      const usages = fc.tuple(
        ...pod.containers.map((container) =>
          fc.option(
            fc.record({ cpuMilli: fc.integer({ min: 0, max: scale(container).cpu }), memoryBytes: fc.integer({ min: 0, max: scale(container).memory }) }),
            {
              nil: undefined,
            },
          ),
        ),
      );
      const toSample = (at: number, drawn: readonly (MetricsSample['containers'][string] | undefined)[]): MetricsSample => ({
        at,
        containers: Object.fromEntries(pod.containers.flatMap((container, i) => (drawn[i] ? [[container.name, drawn[i]]] : []))),
      });
      const outcomes = new Set<boolean>();
      fc.assert(
        fc.property(fc.array(usages, { maxLength: 3 }), usages, (earlier, latest) => {
          const before = detectFindings({ ...base, metrics: [...metrics, ...earlier.map((drawn, i) => toSample(scenario.now - 60_000 + i, drawn))] });
          const next = [...metrics, ...earlier.map((drawn, i) => toSample(scenario.now - 60_000 + i, drawn)), toSample(scenario.now, latest)];
          const skipped = samplesLeaveFindings([...new Set(before.map((f) => f.id))], pod.containers, next.at(-1));
          outcomes.add(skipped);
          if (skipped) expect(refreshUsageFindings(before, { ...base, metrics: next })).toEqual(before);
        }),
        { numRuns: 60 },
      );
      // Every scenario with a sidecar both skips and judges again for some samples.
      if (pod.containers.some((c) => c.kind === 'native-sidecar' || c.kind === 'legacy-sidecar') && outcomes.has(true)) expect(outcomes).toContain(false);
    },
  );

  it('is skipped only when it would give the findings back as they were, whatever the resources, kills and samples', () => {
    const mi = fc.integer({ min: 1, max: 512 });
    const resources = fc.record({
      cpu: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      request: fc.option(mi, { nil: undefined }),
      limit: fc.option(mi, { nil: undefined }),
    });
    const usage = fc.option(fc.record({ cpuMilli: fc.integer({ min: 0, max: 600 }), memoryBytes: fc.integer({ min: 0, max: 600 * MI }) }), { nil: undefined });
    const outcomes = new Set<boolean>();
    fc.assert(
      fc.property(resources, fc.boolean(), fc.array(usage, { minLength: 1, maxLength: 4 }), ({ cpu, request, limit }, oomKilled, drawn) => {
        const pod = aDigest({
          initContainers: [
            aNativeSidecar('proxy', {
              requests: { ...(cpu === undefined ? {} : { cpu: `${cpu}m` }), ...(request === undefined ? {} : { memory: `${request}Mi` }) },
              ...(limit === undefined ? {} : { limits: { memory: `${Math.max(limit, request ?? 0)}Mi` } }),
            }),
          ],
          containers: [aContainer('app')],
          statuses: [
            aStatus(
              'proxy',
              running(at(60)),
              oomKilled ? { restartCount: 1, lastState: terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: at(1), finishedAt: at(59) }) } : {},
            ),
            aStatus('app', running(at(2))),
          ],
        });
        const base = { pod, events: [], now: pod.createdAt ?? 0 };
        const samples: MetricsSample[] = drawn.map((u, i) => ({ at: i * 15_000, containers: u ? { proxy: u } : ({} as MetricsSample['containers']) }));
        const before = detectFindings({ ...base, metrics: samples.slice(0, -1) });
        const skipped = samplesLeaveFindings([...new Set(before.map((f) => f.id))], pod.containers, samples.at(-1));
        outcomes.add(skipped);
        if (skipped) expect(refreshUsageFindings(before, { ...base, metrics: samples })).toEqual(before);
      }),
      { numRuns: 400 },
    );
    expect([...outcomes].sort()).toEqual([false, true]);
  });
});

describe('signalsLeaveFindings', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'holds only when new Prometheus figures would give the findings back as they were (%s)',
    (_name, scenario) => {
      const { pod, observations, events, metrics } = replayScenario(scenario);
      const base = { pod, observations, events, metrics, ...(scenario.cluster ? { cluster: scenario.cluster } : {}), now: scenario.now };
      const figures = fc.record(
        {
          throttledShare: fc.double({ min: 0, max: 1, noNaN: true }),
          cfsPeriods: fc.integer({ min: 0, max: 2_000 }),
          oomEvents: fc.constantFrom(0, 0.4, 0.5, 1, 3),
          restarts: fc.constantFrom(0, 0.4, 0.5, 1),
        },
        { requiredKeys: [] },
      );
      const signals = fc.option(
        fc.tuple(...pod.containers.map(() => fc.option(figures, { nil: undefined }))).map((drawn): PrometheusSignals => ({
          at: scenario.now,
          windowSeconds: 600,
          containers: Object.fromEntries(pod.containers.flatMap((c, i) => (drawn[i] ? [[c.name, drawn[i]]] : []))),
        })),
        { nil: undefined },
      );
      const thresholds = fc.record({ throttledShare: fc.constantFrom(0.1, 0.25, 0.7), minCfsPeriods: fc.constantFrom(0, 600, 1_500) });
      const outcomes = new Set<boolean>();
      fc.assert(
        fc.property(signals, signals, thresholds, (previous, next, limits) => {
          const before = detectFindings({ ...base, ...(previous ? { prometheus: previous } : {}), thresholds: limits });
          const skipped = signalsLeaveFindings([...new Set(before.map((f) => f.id))], pod.containers, next, limits);
          outcomes.add(skipped);
          const input = { ...base, ...(next ? { prometheus: next } : {}), thresholds: limits };
          if (skipped) expect(refreshFindings(before, input, { samples: false, signals: true })).toEqual(before);
        }),
        { numRuns: 60 },
      );
      if (pod.containers.some((c) => c.kind === 'native-sidecar' || c.kind === 'legacy-sidecar')) expect([...outcomes].sort()).toEqual([false, true]);
    },
  );
});
