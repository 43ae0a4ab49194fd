/**
 * Plays scenarios on Kubernetes' own kubelet and on the simulated cluster from the same instant,
 * and records what the dashboard shows for each scenario every few seconds on both: on the real
 * side through the hub watching the real API server (as in production), on the simulated side by
 * folding the sim's store every 100 ms of sim time the way the hub does (test/cluster/pod-tracker).
 */
import { writeFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { ManualClock, SCENARIO_LABEL, ScenarioEngine, SimStore } from '@/lib/sim';
import { SCENARIOS, type Scenario } from '@/lib/sim/scenarios';
import type { Hub } from '@/lib/server/hub';
import { detailOfEntry } from '@/lib/server/hub-views';
import { restClient } from '../cluster/kube-rest';
import { startDashboardOn } from '../cluster/dashboard';
import { hasPods } from '../cluster/hub-sync';
import { laneShape, PodTracker, type PodSummary } from '../cluster/pod-tracker';
import { waitFor } from '../cluster/fixtures';
import { KubeletScenarioContext, type WriteFailure } from './kubelet-context';

export const NODE = 'sim-node-1';
const FACTS = { serverVersion: { major: 1, minor: 34 } };
/** A snapshot is recorded this often (seconds); tests compare some of them. */
export const RECORD_EVERY = 5;

/** Scenario → `t+Ns` → the pods' lanes and findings, sorted (the clusters name pods differently). */
export type Timelines = Record<string, Record<string, PodSummary[]>>;

export interface Play {
  sim: Timelines;
  real: Timelines;
  failures: WriteFailure[];
}

export interface PlayOptions {
  scenarios: readonly string[];
  /** Where the names are looked up (default the demo's scenarios). */
  catalogue?: readonly Scenario[];
  seconds: number;
  seed?: number;
  /** Things done to the real node during the play (a kubelet restart), at ms after the start. */
  during?: { atMs: number; run: () => Promise<void> }[];
  /** Writes both timelines here as JSON (SIDECARSCOPE_KUBELET_REPORT). */
  report?: string;
}

const byJson = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function itemsOf(list: unknown): unknown[] {
  return typeof list === 'object' && list !== null && 'items' in list && Array.isArray(list.items) ? list.items : [];
}

/** The pods of `scenario` in this play's namespaces (earlier plays on the same server are left out). */
function summariseHub(hub: Hub, scenario: string, prefix: string): PodSummary[] {
  hub.flush();
  const out: PodSummary[] = [];
  for (const entry of hub.pods()) {
    if (entry.digest.labels[SCENARIO_LABEL] !== scenario || !entry.digest.namespace.startsWith(prefix)) continue;
    const detail = detailOfEntry(hub, entry);
    if (!detail) continue;
    const findings = detail.findings.map((f) => [f.id, f.severity, f.container ?? '-'].join(' ')).sort();
    out.push({ lanes: detail.lifecycle.lanes.map(laneShape), findings, gone: entry.deletedAt !== undefined });
  }
  return out.sort(byJson);
}

function playSim(start: number, options: PlayOptions): Timelines {
  const clock = new ManualClock(start);
  const store = new SimStore({ historyWindow: 100_000 });
  const engine = new ScenarioEngine({ clock, writer: store, seed: options.seed ?? 5, scenarios: options.scenarios, catalogue: options.catalogue ?? SCENARIOS });
  const tracker = new PodTracker(SCENARIO_LABEL);
  const out: Timelines = {};
  engine.start();
  for (let ms = 100; ms <= options.seconds * 1000; ms += 100) {
    engine.advance(100);
    tracker.snapshot(store.list('pods'), store.list('events'), clock.now());
    if (ms % (RECORD_EVERY * 1000) !== 0) continue;
    for (const scenario of options.scenarios)
      (out[scenario] ??= {})[`t+${ms / 1000}s`] = [...tracker.summarise(scenario, clock.now(), FACTS).values()].sort(byJson);
  }
  return out;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** Runs the play in real time (`seconds` long) and returns both timelines. */
export async function play(kc: KubeConfig, options: PlayOptions): Promise<Play> {
  const rest = restClient(kc);
  const prefix = `k${Date.now().toString(36)}-`;
  const dashboard = startDashboardOn(kc, { metricsIntervalMs: 1e9 });
  const ctx = new KubeletScenarioContext(rest, NODE, { seed: options.seed ?? 5, namespacePrefix: prefix });
  try {
    const hub = dashboard.runtime.hub;
    await waitFor('the hub to list the cluster', () => hub.isReady(), 30_000);
    const start = Date.now();
    const catalogue = options.catalogue ?? SCENARIOS;
    for (const name of options.scenarios) {
      const scenario = catalogue.find((s) => s.name === name);
      if (!scenario) throw new Error(`unknown scenario ${name}`);
      ctx.start(scenario);
    }
    const during = (options.during ?? []).map((d) => sleepUntil(start + d.atMs).then(d.run));
    const sim = playSim(start, options);
    const real: Timelines = {};
    for (let s = RECORD_EVERY; s <= options.seconds; s += RECORD_EVERY) {
      await sleepUntil(start + s * 1000);
      const pods = itemsOf(await rest.request('GET', '/api/v1/pods')).filter((p) =>
        (p as { metadata?: { namespace?: string } }).metadata?.namespace?.startsWith(prefix),
      );
      // Every pod at its latest version in the hub (or a moment passed: the kubelet moves on).
      await waitFor('the hub', () => hasPods(hub, pods), 2_000, 20).catch(() => undefined);
      for (const scenario of options.scenarios) (real[scenario] ??= {})[`t+${s}s`] = summariseHub(hub, scenario, prefix);
    }
    await Promise.all(during);
    await ctx.idle();
    if (options.report) writeFileSync(options.report, JSON.stringify({ sim, real }, null, 1));
    return { sim, real, failures: ctx.failures };
  } finally {
    ctx.stop();
    dashboard.stop();
  }
}

/**
 * What must match: the findings, whether the pod is gone, and per lane its container, kind,
 * restart count and current state. Which intermediate segments and markers a lane shows depends
 * on sub-second timing on the real kubelet (a container that lives 200 ms is seen running only if
 * the PLEG relist, every 1 s, falls inside its life; a probe failure only if a probe period falls
 * before the process serves), so the full lanes are in the report and not compared.
 */
export interface Compared {
  findings: string[];
  gone: boolean;
  lanes: { container: string; kind: string; restartCount: number; now: string }[];
}

export function compared(pods: readonly PodSummary[] | undefined): Compared[] {
  return (pods ?? [])
    .map((pod) => ({
      findings: pod.findings,
      gone: pod.gone,
      lanes: pod.lanes.map((l) => ({ container: l.container, kind: l.kind, restartCount: l.restartCount, now: l.segments.at(-1) ?? '' })),
    }))
    .sort(byJson);
}

/**
 * The simulated cluster's pods for `scenario` at the snapshot nearest `second` that matches the
 * real cluster's there, looking `lagSeconds` back and `leadSeconds` ahead: the real kubelet moves
 * each transition by a few seconds (PLEG relist 1 s, probe periods, pod-worker retries 10-15 s,
 * two shared cores), so the same state may come a snapshot later or earlier. Without a match,
 * the snapshot at `second` itself (so the test shows that difference).
 */
export function simNear(play: Play, scenario: string, second: number, lagSeconds = 10, leadSeconds = 5): Compared[] {
  const real = JSON.stringify(compared(play.real[scenario]?.[`t+${second}s`]));
  for (let delta = 0; delta <= Math.max(lagSeconds, leadSeconds); delta += RECORD_EVERY) {
    for (const s of [second - delta, second + delta]) {
      if (s < second - lagSeconds || s > second + leadSeconds) continue;
      const sim = compared(play.sim[scenario]?.[`t+${s}s`]);
      if (JSON.stringify(sim) === real) return sim;
    }
  }
  return compared(play.sim[scenario]?.[`t+${second}s`]);
}
