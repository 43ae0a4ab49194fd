/**
 * Test helpers: a scenario on a manual clock with an in-memory store, and the recorded history of
 * every pod object it wrote, so a test can ask "when did this container first run?".
 */
import { ManualClock } from './clock';
import { ScenarioEngine } from './engine';
import type { ContainerStatusWire, KubeObject, Pod } from './kube-types';
import { SimStore } from './store';
import type { ChurnOptions } from './churn';

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface Snapshot {
  at: number;
  pod: Pod;
}

export interface Simulation {
  clock: ManualClock;
  store: SimStore;
  engine: ScenarioEngine;
  history: Snapshot[];
  /** Advances sim time by `seconds`. */
  run(seconds: number): void;
  pods(): Pod[];
  /** The newest pod whose name starts with `prefix`. */
  pod(prefix: string): Pod;
  events(podName: string): KubeObject[];
  /** Snapshots of one pod (by uid), oldest first. */
  historyOf(uid: string): Snapshot[];
}

export function simulate(scenarios: string[], options: { seed?: number; churn?: ChurnOptions } = {}): Simulation {
  const clock = new ManualClock(T0);
  const store = new SimStore({ historyWindow: 50_000 });
  const history: Snapshot[] = [];
  store.subscribe((c) => {
    if (c.resource === 'pods' && c.type !== 'DELETED') history.push({ at: clock.now(), pod: c.object as Pod });
  });
  const engine = new ScenarioEngine({ clock, writer: store, seed: options.seed ?? 3, scenarios, churn: options.churn });
  engine.start();
  clock.advance(0);
  const pods = () => store.list('pods') as Pod[];
  return {
    clock,
    store,
    engine,
    history,
    run: (seconds) => clock.advance(seconds * 1000),
    pods,
    pod: (prefix) => {
      const found = pods()
        .filter((p) => p.metadata.name.startsWith(prefix))
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
      const last = found.at(-1);
      if (!last) throw new Error(`no pod named ${prefix}*`);
      return last;
    },
    events: (podName) => store.list('events').filter((e) => (e.involvedObject as { name?: string }).name === podName),
    historyOf: (uid) => history.filter((s) => s.pod.metadata.uid === uid),
  };
}

/** The container's status, or undefined before the kubelet has reported it. */
export function findStatus(pod: Pod, name: string): ContainerStatusWire | undefined {
  return [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])].find((c) => c.name === name);
}

export function statusOf(pod: Pod, name: string): ContainerStatusWire {
  const found = findStatus(pod, name);
  if (!found) throw new Error(`no status for container ${name} in ${pod.metadata.name}`);
  return found;
}

/** The first sim time at which `test` held for the pod, or undefined. */
export function firstTime(snapshots: Snapshot[], test: (pod: Pod) => boolean): number | undefined {
  return snapshots.find((s) => test(s.pod))?.at;
}

export const isRunning = (name: string) => (pod: Pod) => {
  const s = findStatus(pod, name);
  return s !== undefined && 'running' in s.state;
};

export const isStarted = (name: string) => (pod: Pod) => findStatus(pod, name)?.started === true;
export const isReady = (name: string) => (pod: Pod) => findStatus(pod, name)?.ready === true;

export function terminated(pod: Pod, name: string) {
  const state = findStatus(pod, name)?.state;
  return state && 'terminated' in state ? state.terminated : undefined;
}
