/**
 * The seed scenarios on Kubernetes' own kubelet, compared with the simulated cluster. Every
 * scenario of lib/sim/scenarios starts, unchanged, through a {@link KubeletScenarioContext}: its
 * pods are created on the real API server for the hollow kubelet (real prober, real status
 * manager, real termination order), whose scripted CRI runtime plays each container's Behaviour.
 * The dashboard's hub watches the real API server as in production. The same scenarios run on the
 * simulated cluster from the same instant; at each checkpoint both must show the same lanes and
 * findings.
 *
 * Pods are compared per scenario as a sorted list (the two clusters name their pods with
 * different random suffixes). The checkpoints sit where every scenario is between transitions:
 * the real kubelet's probe periods, pod-worker resyncs and status batching move each transition
 * by up to a few seconds, and the times themselves are not compared.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { ManualClock, SCENARIO_LABEL, ScenarioEngine, SimStore } from '@/lib/sim';
import { findScenario, type ScenarioName } from '@/lib/sim/scenarios';
import type { Hub } from '@/lib/server/hub';
import { detailOfEntry } from '@/lib/server/hub-views';
import { adminKubeConfig } from '../cluster/harness';
import { restClient } from '../cluster/kube-rest';
import { startDashboardOn, type Dashboard } from '../cluster/dashboard';
import { hasPods } from '../cluster/hub-sync';
import { laneShape, PodTracker, type PodSummary } from '../cluster/pod-tracker';
import { waitFor } from '../cluster/fixtures';
import { KubeletScenarioContext } from './kubelet-context';

const NODE = 'sim-node-1';
const SEED = 5;
const FACTS = { serverVersion: { major: 1, minor: 34 } };

/** Scenario → the seconds after the start at which both clusters must agree. */
const CHECKPOINTS: Partial<Record<ScenarioName, number[]>> = {
  'seed-003-nginx-log-processor': [20, 50],
  'seed-003-init-and-sidecar': [20, 50],
  'seed-002-legacy-sidecar': [20, 50],
  'seed-002-plain-init': [20, 50],
  'seed-002-native-no-startup-probe': [20, 50],
  'seed-002-native-startup-probe': [20, 50],
  'seed-001-envoy-fluentd': [20, 50],
  'seed-000-logger-oom': [20, 50],
  'sidecar-crashloop': [20, 50],
  'job-legacy-sidecar-forever': [20, 50],
  'job-native-sidecar-completes': [20, 50],
  'shutdown-legacy-before-app': [20, 50],
  'shutdown-native-reverse-order': [20, 50],
  'shutdown-grace-period-sigkill': [20, 50],
};
const ONLY = process.env.SIDECARSCOPE_KUBELET_SCENARIOS?.split(',').filter(Boolean);
const SCENARIOS = (Object.keys(CHECKPOINTS) as ScenarioName[]).filter((s) => !ONLY || ONLY.includes(s));
const RUN_SECONDS = Math.max(...SCENARIOS.flatMap((s) => CHECKPOINTS[s] ?? [0]));
/** Every this many seconds a snapshot is recorded for the report (only checkpoints are compared). */
const RECORD_EVERY = 5;

/**
 * What must match: the findings, whether the pod is gone, and per lane its container, kind,
 * restart count and current state. Which intermediate segments and markers a lane shows depends
 * on sub-second timing on the real kubelet (a container that lives 200 ms is seen running only if
 * the PLEG relist, every 1 s, falls inside its life; a probe failure only if a probe period falls
 * before the process serves), so the full lanes are recorded in the report and not compared.
 */
interface Compared {
  findings: string[];
  gone: boolean;
  lanes: { container: string; kind: string; restartCount: number; now: string }[];
}

function compared(pod: PodSummary): Compared {
  return {
    findings: pod.findings,
    gone: pod.gone,
    lanes: pod.lanes.map((l) => ({ container: l.container, kind: l.kind, restartCount: l.restartCount, now: l.segments.at(-1) ?? '' })),
  };
}

type Summaries = PodSummary[];
type Timeline = Record<string, Summaries>;

const info = inject('harness');
const onSim: Record<string, Timeline> = {};
const onReal: Record<string, Timeline> = {};
let dashboard: Dashboard | undefined;
let ctx: KubeletScenarioContext | undefined;

function itemsOf(list: unknown): unknown[] {
  return typeof list === 'object' && list !== null && 'items' in list && Array.isArray(list.items) ? list.items : [];
}

const byJson = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function summariseHub(hub: Hub, scenario: string): Summaries {
  hub.flush();
  const out: PodSummary[] = [];
  for (const entry of hub.pods()) {
    if (entry.digest.labels[SCENARIO_LABEL] !== scenario) continue;
    const detail = detailOfEntry(hub, entry);
    if (!detail) continue;
    const findings = detail.findings.map((f) => [f.id, f.severity, f.container ?? '-'].join(' ')).sort();
    out.push({ lanes: detail.lifecycle.lanes.map(laneShape), findings, gone: entry.deletedAt !== undefined });
  }
  return out.sort(byJson);
}

/** The simulated cluster, same scenarios, same start, moved in 100 ms steps to `RUN_SECONDS`. */
function playSim(start: number): void {
  const clock = new ManualClock(start);
  const store = new SimStore({ historyWindow: 100_000 });
  const engine = new ScenarioEngine({ clock, writer: store, seed: SEED, scenarios: SCENARIOS });
  const tracker = new PodTracker(SCENARIO_LABEL);
  engine.start();
  for (let ms = 100; ms <= RUN_SECONDS * 1000; ms += 100) {
    engine.advance(100);
    tracker.snapshot(store.list('pods'), store.list('events'), clock.now());
    if (ms % (RECORD_EVERY * 1000) !== 0) continue;
    for (const scenario of SCENARIOS) {
      const pods = [...tracker.summarise(scenario, clock.now(), FACTS).values()].sort(byJson);
      (onSim[scenario] ??= {})[`t+${ms / 1000}s`] = pods;
    }
  }
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

beforeAll(async () => {
  const kc = adminKubeConfig(info);
  const rest = restClient(kc);
  const prefix = `k${Date.now().toString(36)}-`;
  dashboard = startDashboardOn(kc, { metricsIntervalMs: 1e9 });
  const hub = dashboard.runtime.hub;
  await waitFor('the hub to list the cluster', () => hub.isReady(), 30_000);
  ctx = new KubeletScenarioContext(rest, NODE, { seed: SEED, namespacePrefix: prefix });
  const start = Date.now();
  for (const name of SCENARIOS) {
    const scenario = findScenario(name);
    if (scenario) ctx.start(scenario);
  }
  playSim(start);
  for (let s = RECORD_EVERY; s <= RUN_SECONDS; s += RECORD_EVERY) {
    await sleepUntil(start + s * 1000);
    const pods = itemsOf(await rest.request('GET', '/api/v1/pods')).filter((p) =>
      (p as { metadata?: { namespace?: string } }).metadata?.namespace?.startsWith(prefix),
    );
    // The hub has seen every pod at its latest version (or a moment passed: the kubelet moves on).
    await waitFor('the hub', () => hasPods(hub, pods), 2_000, 20).catch(() => undefined);
    for (const scenario of SCENARIOS) (onReal[scenario] ??= {})[`t+${s}s`] = summariseHub(hub, scenario);
  }
  const report = process.env.SIDECARSCOPE_KUBELET_REPORT;
  if (report) writeFileSync(report, JSON.stringify({ sim: onSim, real: onReal }, null, 1));
});

afterAll(() => {
  ctx?.stop();
  dashboard?.stop();
});

describe('seed scenarios on the real kubelet and on the simulated cluster', () => {
  it('the real API server accepts every pod and deletion the scenarios make', () => {
    expect(ctx?.failures).toEqual([]);
  });

  describe.each(SCENARIOS)('%s', (scenario) => {
    it.each(CHECKPOINTS[scenario] ?? [])('shows the same lanes and findings at t+%ss', (second) => {
      const label = `t+${second}s`;
      const real = (onReal[scenario]?.[label] ?? []).map(compared).sort(byJson);
      const sim = (onSim[scenario]?.[label] ?? []).map(compared).sort(byJson);
      expect(real.length).toBeGreaterThan(0);
      expect(real).toEqual(sim);
    });
  });
});
