/**
 * Sidecar right-sizing per workload: each sidecar's requests against its observed p95 CPU and
 * peak memory over a window (read from Prometheus, per pod), the suggested requests, and what the
 * fleet would save — in the form the injector understands where it has one (istio's
 * `sidecar.istio.io/proxyCPU`, linkerd's `config.linkerd.io/proxy-cpu-request`, …). KRR never
 * looks at init containers, which is where native sidecars live. Pure.
 */
import type { PodDigest } from '../model/types';
import type { InstantSample } from './reply';
import type { RightSizingReport, SidecarSizing } from '../model/prometheus-views';

/** Headroom over the observed figure, and rounding steps of a suggestion. */
export const HEADROOM = 1.2;
const CPU_STEP_MILLI = 5;
const MEMORY_STEP_BYTES = 4 * 1048576;

export type { RightSizingReport, SidecarSizing } from '../model/prometheus-views';

const roundUp = (value: number, step: number) => Math.max(step, Math.ceil(value / step) * step);

/** The injector's annotations for a suggestion, for the sidecars whose injector reads them. */
export function injectorAnnotations(container: string, cpuMilli: number | undefined, memoryBytes: number | undefined): Record<string, string> | undefined {
  const keys: Readonly<Record<string, [string, string]>> = {
    'istio-proxy': ['sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyMemory'],
    'linkerd-proxy': ['config.linkerd.io/proxy-cpu-request', 'config.linkerd.io/proxy-memory-request'],
    'vault-agent': ['vault.hashicorp.com/agent-requests-cpu', 'vault.hashicorp.com/agent-requests-mem'],
    daprd: ['dapr.io/sidecar-cpu-request', 'dapr.io/sidecar-memory-request'],
  };
  const pair = keys[container];
  if (!pair) return undefined;
  const out: Record<string, string> = {};
  if (cpuMilli !== undefined) out[pair[0]] = `${cpuMilli}m`;
  if (memoryBytes !== undefined) out[pair[1]] = `${Math.round(memoryBytes / 1048576)}Mi`;
  return out;
}

interface Group {
  row: Omit<SidecarSizing, 'suggested' | 'fleetDelta' | 'annotations'>;
}

/**
 * Joins per-pod figures (`cpu`: p95 cores, `memory`: peak bytes, labels namespace/pod/container)
 * with the live pods' workloads and sidecar requests.
 */
export function toRightSizing(
  pods: Iterable<PodDigest>,
  cpu: readonly InstantSample[],
  memory: readonly InstantSample[],
  windowSeconds: number,
): RightSizingReport {
  const figures = new Map<string, { cpu?: number; memory?: number }>();
  const put = (samples: readonly InstantSample[], field: 'cpu' | 'memory') => {
    for (const s of samples) {
      const { namespace, pod, container } = s.labels;
      if (!namespace || !pod || !container || !Number.isFinite(s.value)) continue;
      const key = `${namespace}/${pod}/${container}`;
      const f = figures.get(key) ?? {};
      f[field] = Math.max(f[field] ?? 0, s.value);
      figures.set(key, f);
    }
  };
  put(cpu, 'cpu');
  put(memory, 'memory');
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (c.kind !== 'native-sidecar' && c.kind !== 'legacy-sidecar') continue;
      const key = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}/${c.name}`;
      let group = groups.get(key);
      if (!group)
        groups.set(
          key,
          (group = { row: { namespace: pod.namespace, workload: pod.workload, container: c.name, kind: c.kind, pods: 0, requests: c.resources.requests } }),
        );
      group.row.pods += 1;
      const f = figures.get(`${pod.namespace}/${pod.name}/${c.name}`);
      if (f?.cpu !== undefined) group.row.p95CpuMilli = Math.max(group.row.p95CpuMilli ?? 0, f.cpu * 1000);
      if (f?.memory !== undefined) group.row.peakMemoryBytes = Math.max(group.row.peakMemoryBytes ?? 0, f.memory);
    }
  }
  const rows = [...groups.values()].map(({ row }) => sized(row));
  rows.sort((a, b) => b.fleetDelta.memoryBytes / 1048576 + b.fleetDelta.cpuMilli - (a.fleetDelta.memoryBytes / 1048576 + a.fleetDelta.cpuMilli));
  const fleetSavings = { cpuMilli: 0, memoryBytes: 0 };
  for (const r of rows) {
    fleetSavings.cpuMilli += Math.max(0, r.fleetDelta.cpuMilli);
    fleetSavings.memoryBytes += Math.max(0, r.fleetDelta.memoryBytes);
  }
  return { windowSeconds, rows, fleetSavings };
}

function sized(row: Group['row']): SidecarSizing {
  const cpuMilli = row.p95CpuMilli === undefined ? undefined : roundUp(row.p95CpuMilli * HEADROOM, CPU_STEP_MILLI);
  const memoryBytes = row.peakMemoryBytes === undefined ? undefined : roundUp(row.peakMemoryBytes * HEADROOM, MEMORY_STEP_BYTES);
  const delta = (request: number | undefined, suggestion: number | undefined) =>
    request === undefined || suggestion === undefined ? 0 : (request - suggestion) * row.pods;
  const annotations = injectorAnnotations(row.container, cpuMilli, memoryBytes);
  return {
    ...row,
    suggested: { ...(cpuMilli === undefined ? {} : { cpuMilli }), ...(memoryBytes === undefined ? {} : { memoryBytes }) },
    fleetDelta: { cpuMilli: delta(row.requests.cpuMilli, cpuMilli), memoryBytes: delta(row.requests.memoryBytes, memoryBytes) },
    ...(annotations ? { annotations } : {}),
  };
}

/** The two queries behind the report: per-pod p95 CPU (a 5 m rate sampled every 5 m) and peak memory. */
export function rightSizingQueries(selector: string, windowSeconds: number): { cpu: string; memory: string } {
  return {
    cpu: `quantile_over_time(0.95, sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total${selector}[5m]))[${windowSeconds}s:5m])`,
    memory: `max by (namespace, pod, container) (max_over_time(container_memory_working_set_bytes${selector}[${windowSeconds}s]))`,
  };
}
