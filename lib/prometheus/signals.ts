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

/** Same figures (ignoring `at`): the hub re-derives a pod only when its signals changed. */
export function sameSignals(a: PrometheusSignals | undefined, b: PrometheusSignals | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.windowSeconds === b.windowSeconds && JSON.stringify(a.containers) === JSON.stringify(b.containers);
}
