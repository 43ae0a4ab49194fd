/**
 * The simulated cluster's fidelity, measured: one scenario engine writes every seed scenario to the
 * sim's in-memory store and to the real kube-apiserver at once; both clusters are listed at the
 * same sim instants and run through lib/model exactly as the hub does. Lanes and findings must
 * match. Metrics are left out on both sides: the real server has no metrics API.
 *
 * Sim time runs far ahead of the wall clock here (fast, and long enough to reach the CronJob
 * clean-up at 180 s); times the API server stamps itself (creation, deletion) therefore differ.
 * twin-dashboards.cluster.test.ts runs in real time through both watch paths for those.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock, SCENARIO_LABEL, SCENARIO_NAMES, ScenarioEngine, SimStore, type ClusterAction } from '@/lib/sim';
import { adminKubeConfig } from './harness';
import { KubeClusterWriter } from './kube-writer';
import { restClient } from './kube-rest';
import { PodTracker, type PodSummary } from './pod-tracker';

const SIM_SECONDS = 240;
const CHECKPOINT_EVERY = 20;
const FACTS = { serverVersion: { major: 1, minor: 34 } };
const SCENARIOS = SCENARIO_NAMES.filter((name) => name !== 'churn');
/** Namespaces of this play on the shared API server (`list-default`, `list-cronjobs`, …). */
const PREFIX = 'list-';

type Checkpoints = Record<string, Record<string, PodSummary>>;

const info = inject('harness');
const sim: Record<string, Checkpoints> = {};
const real: Record<string, Checkpoints> = {};
let writer: KubeClusterWriter;

function itemsOf(list: unknown): unknown[] {
  return typeof list === 'object' && list !== null && 'items' in list && Array.isArray(list.items) ? list.items : [];
}

beforeAll(async () => {
  const kc = adminKubeConfig(info);
  const rest = restClient(kc);
  writer = new KubeClusterWriter(kc, { namespacePrefix: PREFIX });
  const store = new SimStore({ historyWindow: 100_000 });
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const tee = { apply: (action: ClusterAction) => (store.apply(action), writer.apply(action)) };
  const engine = new ScenarioEngine({ clock, writer: tee, seed: 7, scenarios: SCENARIOS });
  const simTracker = new PodTracker(SCENARIO_LABEL);
  const realTracker = new PodTracker(SCENARIO_LABEL, PREFIX);
  engine.start();
  for (let second = 1; second <= SIM_SECONDS; second++) {
    engine.advance(1000);
    await writer.idle();
    const at = clock.now();
    simTracker.snapshot(store.list('pods'), store.list('events'), at);
    realTracker.snapshot(itemsOf(await rest.request('GET', '/api/v1/pods')), itemsOf(await rest.request('GET', '/api/v1/events')), at);
    if (second % CHECKPOINT_EVERY !== 0) continue;
    for (const scenario of SCENARIOS) {
      (sim[scenario] ??= {})[`t+${second}s`] = Object.fromEntries(simTracker.summarise(scenario, at, FACTS));
      (real[scenario] ??= {})[`t+${second}s`] = Object.fromEntries(realTracker.summarise(scenario, at, FACTS));
    }
  }
});

describe('seed scenarios played on the real API server and on the simulated cluster', () => {
  it('the real API server accepts every action of every scenario (create, bind, status, delete, event)', () => {
    expect(writer.failures).toEqual([]);
    expect(writer.counts.get('replace-pod-status')).toBeGreaterThan(SCENARIOS.length);
  });

  describe.each(SCENARIOS)('%s', (scenario) => {
    it('has pods to compare', () => {
      const last = Object.values(sim[scenario] ?? {}).at(-1) ?? {};
      expect(Object.keys(last).length).toBeGreaterThan(0);
    });

    it('derives the same lifecycle lanes and findings on both clusters at every checkpoint', () => {
      expect(real[scenario]).toEqual(sim[scenario]);
    });
  });
});
