import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { ScenarioEngine, UnknownScenarioError } from './engine';
import { T0 } from './testing';
import { RecordingWriter, type ClusterAction } from './writer';

describe('ScenarioEngine', () => {
  it('drives any ClusterWriter: the same actions a real API server writer would apply, in a sensible order', () => {
    const writer = new RecordingWriter();
    const engine = new ScenarioEngine({ clock: new ManualClock(T0), writer, seed: 2, scenarios: ['seed-003-nginx-log-processor'] });
    engine.start();
    engine.advance(20_000);
    const types = writer.actions.map((a) => a.type);
    for (const t of [
      'upsert-node',
      'upsert-namespace',
      'create-pod',
      'bind-pod',
      'replace-pod-status',
      'upsert-event',
      'set-pod-metrics',
    ] satisfies ClusterAction['type'][])
      expect(types).toContain(t);
    expect(types.indexOf('create-pod')).toBeLessThan(types.indexOf('bind-pod'));
    expect(types.indexOf('bind-pod')).toBeLessThan(types.indexOf('replace-pod-status'));
    expect(types.lastIndexOf('upsert-namespace')).toBeLessThan(types.indexOf('create-pod'));
  });

  it('rejects unknown scenario names, naming them', () => {
    const make = () =>
      new ScenarioEngine({ clock: new ManualClock(T0), writer: new RecordingWriter(), scenarios: ['seed-003-nginx-log-processor', 'no-such-thing'] });
    expect(make).toThrow(UnknownScenarioError);
    expect(make).toThrow(/no-such-thing/);
  });

  it('runs its clock on its own only between resume and pause', () => {
    const engine = new ScenarioEngine({ clock: new ManualClock(T0), writer: new RecordingWriter(), scenarios: [] });
    expect(engine.isRunning).toBe(false);
    engine.resume();
    expect(engine.isRunning).toBe(true);
    engine.pause();
    expect(engine.isRunning).toBe(false);
  });

  it('lists the live pods the simulated kubelet runs and forgets deleted ones', () => {
    const engine = new ScenarioEngine({ clock: new ManualClock(T0), writer: new RecordingWriter(), scenarios: ['shutdown-grace-period-sigkill'] });
    engine.start();
    engine.advance(1_000);
    const [first] = engine.livePods().map((p) => p.name);
    expect(first).toMatch(/^legacy-api-/);
    engine.advance(60_000);
    const names = engine.livePods().map((p) => p.name);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^legacy-api-/);
    expect(names[0]).not.toBe(first);
  });
});
