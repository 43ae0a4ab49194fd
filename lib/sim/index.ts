/**
 * The simulated cluster: a Kubernetes API on loopback (lib/sim/http) fed by a kubelet-like
 * scenario engine (lib/sim/engine) through the in-memory store. `startSimCluster` wires them up
 * and writes a kubeconfig that client-node and kubectl accept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChurnOptions } from './churn';
import { ManualClock } from './clock';
import { ScenarioEngine } from './engine';
import { FaultSwitches, type DeniableResource } from './http/faults';
import { renderCadvisor, renderKubeStateMetrics } from './http/exposition';
import { startApiServer, type RequestRecord } from './http/server';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig';
import { SimStore } from './store';

export interface SimClusterOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Scenario names (see {@link SCENARIO_NAMES}); default every scenario. `churn` needs `churn` options. */
  scenarios?: string[];
  /** Sim-ms per real ms (default 1). Ignored when `manualClock` is set. */
  speed?: number;
  seed?: number;
  churn?: ChurnOptions;
  /** Where to write `kubeconfig`; default a temporary directory, removed again by `close()`. */
  kubeconfigDir?: string;
  /** Changes kept for watch replay (default 10,000); older resourceVersions get 410. */
  historyWindow?: number;
  /** Real ms between BOOKMARK events on watches that allow them (default 10 s). */
  bookmarkIntervalMs?: number;
  /** Sim time at start, epoch ms (default: now). */
  startTime?: number;
  /** Do not run the clock: drive it with `engine.advance(ms)` (tests). */
  manualClock?: boolean;
  onRequest?: (record: RequestRecord) => void;
  /** Resources RBAC denies from the start (403 on every request), as `faults.deny` does. */
  deny?: DeniableResource[];
}

export interface SimCluster {
  url: string;
  kubeconfigPath: string;
  kubeconfig: string;
  faults: FaultSwitches;
  engine: ScenarioEngine;
  store: SimStore;
  close(): Promise<void>;
}

/** Starts the store, the scenario engine and the API server; resolves once it listens. */
export async function startSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const store = new SimStore({ historyWindow: options.historyWindow ?? 10_000 });
  const clock = new ManualClock(options.startTime ?? Date.now());
  const churn = options.churn ?? (options.scenarios?.includes('churn') ? { pods: 1_000 } : undefined);
  const engine = new ScenarioEngine({ clock, writer: store, seed: options.seed ?? 1, scenarios: options.scenarios, churn, speed: options.speed ?? 1 });
  const faults = new FaultSwitches(store);
  for (const resource of options.deny ?? []) faults.deny(resource);
  const host = options.host ?? '127.0.0.1';
  const server = await startApiServer({
    store,
    faults,
    now: () => clock.now(),
    host,
    port: options.port ?? 0,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000,
    onRequest: options.onRequest,
    logs: (namespace, name, container, previous) => engine.containerLog(namespace, name, container, previous),
    exposition: {
      cadvisor: () => renderCadvisor(engine.livePods(), clock.now()),
      kubeStateMetrics: () => renderKubeStateMetrics(engine.livePods(), clock.now()),
    },
  });
  const kubeconfig = kubeconfigYaml(server.url);
  let kubeconfigPath: string;
  const ownDir = options.kubeconfigDir ? undefined : await mkdtemp(join(tmpdir(), 'sidecarscope-sim-'));
  try {
    kubeconfigPath = await writeKubeconfig(options.kubeconfigDir ?? ownDir ?? tmpdir(), kubeconfig);
  } catch (error) {
    await server.close();
    throw error;
  }
  engine.start();
  if (churn) store.setMetricsSource((namespace) => engine.churnPodMetrics(namespace));
  if (!options.manualClock) engine.resume();
  return {
    url: server.url,
    kubeconfigPath,
    kubeconfig,
    faults,
    engine,
    store,
    close: async () => {
      engine.pause();
      faults.dropWatches({ abrupt: true });
      await server.close();
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
  };
}

export { SCENARIO_NAMES, SCENARIO_LABEL, SCENARIOS, findScenario, type ScenarioName } from './scenarios';
export { ManualClock, RealtimeDriver, type SimClock } from './clock';
export { ScenarioEngine, UnknownScenarioError, type EngineOptions } from './engine';
export { SimStore, type Change, type ResourceName } from './store';
export { DENIABLE_RESOURCES, FaultSwitches, MALFORMED_POD, type DeniableResource, type RespondOptions } from './http/faults';
export type { ClusterAction, ClusterWriter } from './writer';
export { RecordingWriter } from './writer';
export type { ChurnOptions } from './churn';
export type { Behaviour } from './kubelet/behaviour';
export { SIM_CONTEXT, kubeconfigYaml } from './kubeconfig';
export type { RequestRecord } from './http/server';
