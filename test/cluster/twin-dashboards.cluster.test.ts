/**
 * Two dashboards, one on the simulated cluster's HTTP API and one on the real kube-apiserver,
 * each fed through its own list/watch exactly as in production. The same seeded scenarios run on
 * both clusters (two engines, same seed, same start, clocks moved in lockstep; the hubs' clocks are
 * those sim clocks), and sim time moves on only once both hubs have seen every pod state. At each
 * checkpoint, what the pod detail API would serve (lanes, findings) must be the same.
 *
 * Sim time is paced to the wall clock (speed 1): the real API server stamps creationTimestamp and
 * deletionTimestamp with its own clock, and rules compare those with the kubelet's status times,
 * so a faster sim would measure the harness rather than the simulation. Hence the long test.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock, type Clock } from '@/lib/k8s/clock';
import { KubeConfig } from '@kubernetes/client-node';
import { ManualClock, SCENARIO_LABEL, SCENARIO_NAMES, ScenarioEngine, startSimCluster, type SimCluster } from '@/lib/sim';
import { detailOfEntry } from '@/lib/server/hub-views';
import type { Hub } from '@/lib/server/hub';
import { adminKubeConfig } from './harness';
import { restClient, type RestClient } from './kube-rest';
import { KubeClusterWriter } from './kube-writer';
import { startDashboardOn, type Dashboard } from './dashboard';
import { hasEvents, hasPods } from './hub-sync';
import { laneShape, type PodSummary } from './pod-tracker';
import { waitFor } from './fixtures';

const SIM_SECONDS = 150;
const CHECKPOINT_EVERY = 15;
/** Small steps keep the writer within ~0.1 s of sim time, so server-stamped times agree with it. */
const STEPS_PER_SECOND = 10;
const SEED = 11;
const SCENARIOS = SCENARIO_NAMES.filter((name) => name !== 'churn');
/** Namespaces of this play on the shared API server (`twin-default`, …); the sim has none. */
const PREFIX = 'twin-';

type Checkpoints = Record<string, Record<string, PodSummary>>;

const info = inject('harness');
const onSim: Record<string, Checkpoints> = {};
const onReal: Record<string, Checkpoints> = {};
let sim: SimCluster | undefined;
const dashboards: Dashboard[] = [];
let writerFailures: unknown[] = [];

function clockOf(now: () => number): Clock {
  return { ...systemClock, now };
}

function itemsOf(list: unknown): unknown[] {
  return typeof list === 'object' && list !== null && 'items' in list && Array.isArray(list.items) ? list.items : [];
}

function summarise(hub: Hub, scenario: string, prefix: string): Record<string, PodSummary> {
  hub.flush();
  const out: [string, PodSummary][] = [];
  for (const entry of hub.pods()) {
    if (entry.digest.labels[SCENARIO_LABEL] !== scenario || !entry.key.startsWith(prefix)) continue;
    const detail = detailOfEntry(hub, entry);
    if (!detail) continue;
    const findings = detail.findings.map((f) => [f.id, f.severity, f.container ?? '-'].join(' ')).sort();
    out.push([entry.key.slice(prefix.length), { lanes: detail.lifecycle.lanes.map(laneShape), findings, gone: entry.deletedAt !== undefined }]);
  }
  return Object.fromEntries(out.sort(([a], [b]) => a.localeCompare(b)));
}

interface Twin {
  store: SimCluster['store'];
  simEngine: ScenarioEngine;
  engine: ScenarioEngine;
  writer: KubeClusterWriter;
  rest: RestClient;
  simDash: Dashboard;
  realDash: Dashboard;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** Moves both clusters on by `ms` and waits until both hubs hold every pod at its latest version. */
async function step(twin: Twin, ms: number, label: string): Promise<void> {
  twin.simEngine.advance(ms);
  twin.engine.advance(ms);
  await twin.writer.idle();
  const realPods = itemsOf(await twin.rest.request('GET', '/api/v1/pods'));
  await waitFor(
    `both hubs at ${label}`,
    () => hasPods(twin.simDash.runtime.hub, twin.store.list('pods')) && hasPods(twin.realDash.runtime.hub, realPods),
    30_000,
    5,
  );
}

/** Waits for both hubs' events, then records what each dashboard shows per scenario. */
async function checkpoint(twin: Twin, label: string): Promise<void> {
  const realEvents = itemsOf(await twin.rest.request('GET', '/api/v1/events'));
  await waitFor(
    `both hubs' events at ${label}`,
    () => hasEvents(twin.simDash.runtime.hub, twin.store.list('events')) && hasEvents(twin.realDash.runtime.hub, realEvents),
    30_000,
    5,
  );
  for (const scenario of SCENARIOS) {
    (onSim[scenario] ??= {})[label] = summarise(twin.simDash.runtime.hub, scenario, '');
    (onReal[scenario] ??= {})[label] = summarise(twin.realDash.runtime.hub, scenario, PREFIX);
  }
}

beforeAll(async () => {
  const start = Math.ceil(Date.now() / 1000) * 1000;
  sim = await startSimCluster({ manualClock: true, startTime: start, seed: SEED, scenarios: SCENARIOS });
  const admin = adminKubeConfig(info);
  const writer = new KubeClusterWriter(admin, { namespacePrefix: PREFIX });
  const engine = new ScenarioEngine({ clock: new ManualClock(start), writer, seed: SEED, scenarios: SCENARIOS });
  await sleepUntil(start);
  engine.start();
  await writer.idle();
  const simEngine = sim.engine;
  const simKc = new KubeConfig();
  simKc.loadFromFile(sim.kubeconfigPath);
  // The sim's metrics would feed resource findings the real server (no metrics API) cannot: poll once.
  const simDash = startDashboardOn(simKc, { clock: clockOf(() => simEngine.now()), metricsIntervalMs: 1e9 });
  const realDash = startDashboardOn(admin, { clock: clockOf(() => engine.now()), metricsIntervalMs: 1e9 });
  dashboards.push(simDash, realDash);
  writerFailures = writer.failures;
  const twin: Twin = { store: sim.store, simEngine, engine, writer, rest: restClient(admin), simDash, realDash };
  const stepMs = 1000 / STEPS_PER_SECOND;
  for (let n = 1; n <= SIM_SECONDS * STEPS_PER_SECOND; n++) {
    await sleepUntil(start + n * stepMs);
    const label = `t+${n / STEPS_PER_SECOND}s`;
    await step(twin, stepMs, label);
    if (n % (CHECKPOINT_EVERY * STEPS_PER_SECOND) === 0) await checkpoint(twin, label);
  }
});

afterAll(async () => {
  for (const dashboard of dashboards) dashboard.stop();
  await sim?.close();
});

describe('the dashboard on the simulated cluster and on the real API server, fed by their watches', () => {
  it('the real API server accepts every action of the real-time play', () => {
    expect(writerFailures).toEqual([]);
  });

  describe.each(SCENARIOS)('%s', (scenario) => {
    it('shows the same lanes and findings at every checkpoint', () => {
      const last = Object.values(onSim[scenario] ?? {}).at(-1) ?? {};
      expect(Object.keys(last).length).toBeGreaterThan(0);
      expect(onReal[scenario]).toEqual(onSim[scenario]);
    });
  });
});
