import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../testing/replay-scenario';
import { SEED_SCENARIOS } from '../testing/seed-scenarios';
import type { MetricsSample } from '../types';
import { detectFindings, refreshUsageFindings } from './index';

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
});
