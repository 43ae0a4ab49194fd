/**
 * Fleet query results → one {@link PrometheusSignals} per pod (`namespace/pod`), for the
 * Prometheus-fed finding rules. Pure.
 */
import type { ContainerPrometheusSignals, PrometheusSignals } from '../model/types';
import type { InstantSample } from './reply';

export interface SignalResults {
  throttled: InstantSample[];
  periods: InstantSample[];
  oomEvents: InstantSample[];
  /** Absent when the restarts query failed (kube-state-metrics not scraped is an empty list). */
  restarts?: InstantSample[];
}

type Field = keyof ContainerPrometheusSignals;

/** Groups the results by pod; containers with no figure are left out, so "absent" stays "unknown". */
export function toPodSignals(results: SignalResults, at: number, windowSeconds: number): Map<string, PrometheusSignals> {
  const pods = new Map<string, PrometheusSignals>();
  const put = (samples: InstantSample[], field: Field) => {
    for (const sample of samples) {
      const { namespace, pod, container } = sample.labels;
      if (!namespace || !pod || !container || !Number.isFinite(sample.value)) continue;
      const key = `${namespace}/${pod}`;
      let signals = pods.get(key);
      if (!signals) pods.set(key, (signals = { at, windowSeconds, containers: {} }));
      const figures = (signals.containers[container] ??= {});
      figures[field] = sample.value;
    }
  };
  put(results.throttled, 'throttledShare');
  put(results.periods, 'cfsPeriods');
  put(results.oomEvents, 'oomEvents');
  if (results.restarts) {
    put(results.restarts, 'restarts');
    // kube-state-metrics answered: a container with OOM events and no restart series restarted 0 times.
    for (const signals of pods.values()) for (const figures of Object.values(signals.containers)) if (figures.oomEvents !== undefined) figures.restarts ??= 0;
  }
  return pods;
}

const FIELDS: readonly Field[] = ['throttledShare', 'cfsPeriods', 'oomEvents', 'restarts'];

/**
 * Same figures (ignoring `at`, and the order containers came in): the hub re-derives a pod only
 * when its signals changed. Compared field by field: a fleet poll compares every pod's.
 */
export function sameSignals(a: PrometheusSignals | undefined, b: PrometheusSignals | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.windowSeconds !== b.windowSeconds) return false;
  const names = Object.keys(a.containers);
  if (names.length !== Object.keys(b.containers).length) return false;
  for (const name of names) {
    const x = a.containers[name];
    const y = Object.hasOwn(b.containers, name) ? b.containers[name] : undefined;
    if (!x || !y || FIELDS.some((field) => x[field] !== y[field])) return false;
  }
  return true;
}
