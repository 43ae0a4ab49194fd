/**
 * The PromQL Sidecarscope sends, built in one place. Fleet-wide figures are one query per signal
 * for the whole scope (the namespace allow-list, the sidecar container names), never one per pod;
 * a pod page sends a fixed handful for that one pod. Series names and label sets are those of the
 * kubelet's cAdvisor endpoint and kube-state-metrics v2 (`kube_pod_init_container_*` is where
 * native sidecars live: queries on `kube_pod_container_*` alone never see them).
 */

/** Escapes a string for a PromQL double-quoted label value. */
export function quoteLabel(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Escapes a literal for an RE2 alternation inside a label regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Who a fleet query covers: namespaces (empty: all) and container names (empty: all). */
export interface QueryScope {
  namespaces: readonly string[];
  containers: readonly string[];
}

/** `{namespace=~"a|b",container=~"x|y",container!=""}`: the cAdvisor per-container series in scope. */
export function scopeSelector(scope: QueryScope): string {
  const parts: string[] = [];
  if (scope.namespaces.length > 0) parts.push(`namespace=~${quoteLabel(scope.namespaces.map(escapeRegex).join('|'))}`);
  if (scope.containers.length > 0) parts.push(`container=~${quoteLabel(scope.containers.map(escapeRegex).join('|'))}`);
  parts.push('container!=""', 'container!="POD"');
  return `{${parts.join(',')}}`;
}

const BY = 'sum by (namespace, pod, container)';

/** The fleet queries behind the Prometheus-fed findings, over `window` seconds. */
export function signalQueries(scope: QueryScope, windowSeconds: number): { throttled: string; periods: string; oomEvents: string; restarts: string } {
  const s = scopeSelector(scope);
  const w = `[${windowSeconds}s]`;
  return {
    // Only throttled containers come back (`> 0`): the reply stays small at 100,000 pods.
    throttled: `${BY} (increase(container_cpu_cfs_throttled_periods_total${s}${w})) / ${BY} (increase(container_cpu_cfs_periods_total${s}${w})) > 0`,
    periods: `${BY} (increase(container_cpu_cfs_periods_total${s}${w})) and on (namespace, pod, container) (${BY} (increase(container_cpu_cfs_throttled_periods_total${s}${w})) > 0)`,
    oomEvents: `${BY} (increase(container_oom_events_total${s}${w})) > 0`,
    restarts: `${BY} (increase(kube_pod_container_status_restarts_total${s}${w})) > 0 or ${BY} (increase(kube_pod_init_container_status_restarts_total${s}${w})) > 0`,
  };
}

/** `count(...)` of the cAdvisor CPU series in scope: 0 or absent means the series are missing. */
export function presenceQuery(scope: QueryScope): string {
  return `count(container_cpu_usage_seconds_total${scopeSelector({ ...scope, containers: [] })})`;
}

/** The queries of one pod page (range queries share `step`; `rate` looks back `rateSeconds`). */
export function podQueries(
  namespace: string,
  pod: string,
  rateSeconds: number,
): Record<'cpu' | 'memory' | 'throttled' | 'oomEvents' | 'restarts' | 'resources', string> {
  const p = `namespace=${quoteLabel(namespace)},pod=${quoteLabel(pod)}`;
  const c = `{${p},container!="",container!="POD"}`;
  const r = `[${rateSeconds}s]`;
  return {
    cpu: `sum by (container) (rate(container_cpu_usage_seconds_total${c}${r}))`,
    memory: `max by (container) (container_memory_working_set_bytes${c})`,
    throttled: `sum by (container) (rate(container_cpu_cfs_throttled_periods_total${c}${r})) / sum by (container) (rate(container_cpu_cfs_periods_total${c}${r}))`,
    oomEvents: `max by (container) (container_oom_events_total${c})`,
    restarts: `max by (container) (kube_pod_container_status_restarts_total{${p}}) or max by (container) (kube_pod_init_container_status_restarts_total{${p}})`,
    resources: `{__name__=~"kube_pod_(init_)?container_resource_(requests|limits)",${p},resource=~"cpu|memory"}`,
  };
}
