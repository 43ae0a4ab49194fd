import { describe, expect, it } from 'vitest';
import type { SeedScenario } from './scenarios/kit';
import { replayScenario } from './replay-scenario';
import { seedScenario } from './seed-scenarios';

function lane(name: string, container: string) {
  const scenario: SeedScenario | undefined = seedScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return replayScenario(scenario).lifecycle.lanes.find((candidate) => candidate.container === container);
}

describe('seed scenario lifecycles', () => {
  it('shows the crash-looping sidecar backing off 10 s, 20 s, then 40 s between runs', () => {
    const backoffs = lane('sidecar-crashloop-backoff', 'envoy')?.segments.filter((segment) => segment.state === 'backoff' && segment.to) ?? [];
    expect(backoffs.map((segment) => ((segment.to?.at ?? 0) - segment.from.at) / 1000)).toEqual([10, 20, 40]);
  });

  it('keeps every restart of the crash-looping sidecar, beyond what lastState remembers', () => {
    expect(lane('sidecar-crashloop-backoff', 'envoy')?.markers.filter((marker) => marker.kind === 'restart')).toHaveLength(4);
  });

  it("marks the logging sidecar's OOM kill, published with exit 0, and its run from the watched start", () => {
    const fluentBit = lane('seed-000-logger-oom', 'fluent-bit');
    expect(fluentBit?.markers.filter((marker) => marker.kind === 'oom-killed')).toHaveLength(1);
    expect(fluentBit?.firstRunningAt?.source).toBe('reported');
    expect(fluentBit?.segments[1]?.from.at).toBe(fluentBit?.firstRunningAt?.at);
  });

  it("times the native sidecar's startupProbe success as observed, not reported (seed 002 form 4)", () => {
    const slow = lane('seed-002-native-startup-probe', 'slow-sidecar');
    expect(slow?.startedAt?.source).toBe('observed');
    expect(slow?.segments.map((segment) => segment.state)).toEqual(['waiting', 'running', 'started', 'ready', 'terminated']);
  });

  it('starts the main container of seed 002 form 4 only after its sidecar was started', () => {
    const slow = lane('seed-002-native-startup-probe', 'slow-sidecar');
    const user = lane('seed-002-native-startup-probe', 'sidecar-user');
    expect((user?.firstRunningAt?.at ?? 0) + 1000).toBeGreaterThan(slow?.startedAt?.at ?? Infinity);
  });
});
