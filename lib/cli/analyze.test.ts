import { describe, expect, it } from 'vitest';
import { seedScenario, type SeedScenario } from '../model/testing/seed-scenarios';
import { runAnalyze, type AnalyzeOptions } from './analyze';

function scenario(name: string): SeedScenario {
  const found = seedScenario(name);
  if (!found) throw new Error(`no seed scenario ${name}`);
  return found;
}

function lastPod(s: SeedScenario): unknown {
  const last = s.snapshots.at(-1);
  if (!last) throw new Error(`${s.name} has no snapshot`);
  return last.pod;
}

async function analyze(input: string, options: Partial<AnalyzeOptions> = {}) {
  let out = '';
  let err = '';
  const io = { readStdin: async () => input, out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const code = await runAnalyze({ file: '-', json: false, severity: 'critical', now: Date.parse('2024-07-19T14:00:00Z'), ...options }, io);
  return { code, out, err };
}

const race = scenario('seed-002-native-no-startup-probe');
const healthy = scenario('seed-003-nginx-log-processor');

describe('sidecarscope analyze', () => {
  it('exits 1 and names the race when a PodList holds the seed 002 native-sidecar pod without startupProbe', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [lastPod(race), ...(race.events ?? [])] };
    const { code, out } = await analyze(JSON.stringify(list), { json: true, now: race.now });
    expect(code).toBe(1);
    const report = JSON.parse(out) as { findings: { id: string; severity: string; pod: string }[]; pods: { containers: { name: string; kind: string }[] }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'startup-race', severity: 'critical' }));
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'sidecar-no-startup-probe' }));
    expect(report.pods[0]?.containers).toContainEqual({ name: 'slow-sidecar', kind: 'native-sidecar' });
  });

  it('exits 0 on a healthy pod at the default severity, and 1 when asked to fail on warnings it has', async () => {
    const text = JSON.stringify(lastPod(healthy));
    const atCritical = await analyze(text, { now: healthy.now });
    expect(atCritical.code).toBe(0);
    expect(atCritical.out).toMatch(/1 pods analysed/);
    const atInfo = await analyze(text, { now: healthy.now, severity: 'info', json: true });
    const findings = (JSON.parse(atInfo.out) as { findings: unknown[] }).findings;
    expect(atInfo.code).toBe(findings.length > 0 ? 1 : 0);
  });

  it('folds a watch stream of one pod into one pod with its restart history', async () => {
    const crash = scenario('sidecar-crashloop-backoff');
    const stream = crash.snapshots.map((s, i) => JSON.stringify({ type: i === 0 ? 'ADDED' : 'MODIFIED', object: s.pod })).join('\n');
    const { code, out } = await analyze(stream, { json: true, now: crash.now });
    const report = JSON.parse(out) as { findings: { id: string }[]; pods: unknown[] };
    expect(report.pods).toHaveLength(1);
    expect(report.findings.map((f) => f.id)).toContain('sidecar-crashloop');
    expect(code).toBe(report.findings.some((f) => f.id === 'sidecar-crashloop') ? 1 : 0);
  });

  it('prints a readable report grouped by pod, with the fix', async () => {
    const { out } = await analyze(JSON.stringify(lastPod(race)), { now: race.now });
    expect(out).toMatch(/^default\/\S+ {2}slow-sidecar \(native-sidecar\)/m);
    expect(out).toMatch(/CRITICAL startup-race \[slow-sidecar\]: sidecar-user failed/);
    expect(out).toMatch(/startupProbe/);
  });

  it.each([
    ['empty input', '', /empty/],
    ['text that is not JSON or YAML', 'this is not a pod list', /neither JSON nor YAML/],
    ['a list without pods', '{"kind":"List","items":[{"kind":"ConfigMap","metadata":{"name":"x"}}]}', /no Pod/],
  ])('exits 2 with a one-line message on %s', async (_, text, message) => {
    const { code, err, out } = await analyze(text);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  it('exits 2 naming the file when it does not exist', async () => {
    const { code, err } = await analyze('', { file: '/nonexistent/pods.json' });
    expect(code).toBe(2);
    expect(err).toMatch(/pods\.json: no such file/);
  });
});

describe('sidecarscope analyze on a Pod without spec', () => {
  it('classifies the containers from their statuses and says the spec was missing, in text and JSON', async () => {
    const statusOnly = structuredClone(lastPod(healthy)) as { spec?: unknown };
    delete statusOnly.spec;
    const text = await analyze(JSON.stringify(statusOnly));
    expect(text.out).toContain('note: the Pod has no spec');
    expect(text.out).not.toMatch(/^\S+\/\S+ {2}$/m);
    const json = await analyze(JSON.stringify(statusOnly), { json: true });
    const report = JSON.parse(json.out) as { pods: { containers: { name: string; kind: string }[]; specMissing?: boolean }[] };
    expect(report.pods[0]?.specMissing).toBe(true);
    expect(report.pods[0]?.containers.length).toBeGreaterThan(0);
    expect(report.pods[0]?.containers.some((c) => c.kind !== 'main')).toBe(true);
  });
});
