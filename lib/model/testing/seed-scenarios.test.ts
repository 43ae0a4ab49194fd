import { describe, expect, it } from 'vitest';
import { podStatusText } from '../kubectl-status';
import { replayScenario } from './replay-scenario';
import { SEED_SCENARIOS, seedScenario } from './seed-scenarios';

describe.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('scenario %s', (_name, scenario) => {
  const replayed = replayScenario(scenario);
  const ids = new Set(replayed.findings.map((finding) => finding.id));

  it.each(scenario.expect.raises.map((expected) => [expected.id, expected] as const))('raises %s', (_id, expected) => {
    const raised = replayed.findings.filter((finding) => finding.id === expected.id);
    expect(raised.length).toBeGreaterThan(0);
    if (expected.severity) expect(raised.map((finding) => finding.severity)).toContain(expected.severity);
    if (expected.containers) expect(raised.map((finding) => finding.container).sort()).toEqual([...expected.containers].sort());
  });

  it('does not raise what it must not', () => {
    expect(scenario.expect.mustNotRaise.filter((id) => ids.has(id))).toEqual([]);
  });

  if (scenario.expect.noCritical) {
    it('raises nothing critical', () => {
      expect(replayed.findings.filter((finding) => finding.severity === 'critical').map((finding) => finding.id)).toEqual([]);
    });
  }

  it('derives the startup order', () => {
    expect(replayed.lifecycle.startupOrder).toEqual(scenario.expect.startupOrder);
  });

  it('derives the shutdown order once the pod ends', () => {
    expect(replayed.lifecycle.shutdownOrder?.map((step) => step.container)).toEqual(scenario.expect.shutdownOrder);
  });

  if (scenario.expect.status !== undefined) {
    it("shows kubectl's status", () => {
      expect(podStatusText(replayed.pod)).toBe(scenario.expect.status);
    });
  }

  it('gives every finding an explanation, a fix and evidence', () => {
    for (const finding of replayed.findings) {
      expect(finding.explanation.length).toBeGreaterThan(20);
      expect(finding.fix.length).toBeGreaterThan(10);
      expect(finding.evidence.length).toBeGreaterThan(0);
    }
  });
});

describe.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
  'scenario %s read from a file without observation times',
  (_name, scenario) => {
    const replayed = replayScenario(scenario, { timed: false });

    it('raises the same findings as when watched live', () => {
      const live = replayScenario(scenario).findings.map((finding) => `${finding.id}/${finding.container}/${finding.severity}`);
      expect(replayed.findings.map((finding) => `${finding.id}/${finding.container}/${finding.severity}`)).toEqual(live);
    });

    it('keeps the shutdown order from the order of snapshots', () => {
      expect(replayed.lifecycle.shutdownOrder?.map((step) => step.container)).toEqual(scenario.expect.shutdownOrder);
    });
  },
);

describe('scenario data', () => {
  it('has unique names the simulated cluster can look up', () => {
    const names = SEED_SCENARIOS.map((scenario) => scenario.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(seedScenario(name)?.name).toBe(name);
  });

  it('keeps snapshots in observation order', () => {
    for (const scenario of SEED_SCENARIOS) {
      const times = scenario.snapshots.map((snapshot) => snapshot.observedAt);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
