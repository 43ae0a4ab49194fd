/**
 * The simulated kubelet's cAdvisor series and kube-state-metrics series, in the Prometheus text
 * format, with the label sets the real ones carry, so a real Prometheus can scrape the sim:
 * - `/metrics/cadvisor` as the kubelet serves it (`container`, `id`, `image`, `name`, `namespace`,
 *   `pod`): CPU and memory consistent with the sim's PodMetrics (the CPU counter grows at the
 *   behaviour's mean rate, which PodMetrics jitters ±15 %), CFS periods and throttled periods for
 *   containers with a CPU limit, OOM events (a child-process OOM leaves the container running);
 * - `/metrics/kube-state-metrics` as kube-state-metrics v2 does (`namespace`, `pod`, `uid`,
 *   `container`, …): requests and limits, restarts, last terminated reason, for `kube_pod_container_*`
 *   and `kube_pod_init_container_*` alike.
 * Churn pods (computed on demand, not run by the kubelet) are left out.
 */
import type { ContainerRuntime } from '../kubelet/behaviour';
import { parseMemoryBytes } from '../../model/quantity';

/** A memory quantity in MiB (the sim's usage figures are in MiB), `undefined` when absent or unreadable. */
const toMebibytes = (quantity: string | undefined): number | undefined => {
  const bytes = parseMemoryBytes(quantity);
  return bytes === undefined ? undefined : bytes / 1048576;
};
import type { PodRunner } from '../kubelet/pod-runner';
import { memoryMi } from '../kubelet/usage';

/** The default `cpu.cfs_period_us`: 100 ms. */
const CFS_PERIOD_MS = 100;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;

class Exposition {
  private readonly families = new Map<string, { type: string; help: string; lines: string[] }>();

  add(name: string, type: 'counter' | 'gauge', help: string, pairs: Record<string, string>, value: number): void {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { type, help, lines: [] }));
    family.lines.push(`${name}${labels(pairs)} ${Number.isFinite(value) ? value : 0}`);
  }

  text(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`, ...f.lines);
    return `${out.join('\n')}\n`;
  }
}

function cpuCores(quantity: string | undefined): number | undefined {
  if (!quantity) return undefined;
  const value = quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
  return Number.isFinite(value) ? value : undefined;
}

const qos = (runner: PodRunner) => (runner.view.qosClass === 'Guaranteed' ? '' : `${runner.view.qosClass.toLowerCase()}/`);

function cadvisorContainer(out: Exposition, runner: PodRunner, c: ContainerRuntime, now: number): void {
  if (c.phase !== 'running' || c.startedAt === undefined || c.containerID === undefined) return;
  const id = c.containerID.replace(/^[a-z]+:\/\//, '');
  const base = {
    container: c.spec.name,
    id: `/kubepods/${qos(runner)}pod${runner.pod.metadata.uid}/${id}`,
    image: c.spec.image,
    name: id,
    namespace: runner.namespace,
    pod: runner.name,
  };
  const upMs = Math.max(0, now - c.startedAt);
  out.add(
    'container_cpu_usage_seconds_total',
    'counter',
    'Cumulative cpu time consumed in seconds.',
    base,
    ((c.behaviour.cpuMilli ?? 5) / 1000) * (upMs / 1000),
  );
  out.add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', base, Math.round(memoryMi(c, now) * 1048576));
  if (cpuCores(c.spec.resources?.limits?.cpu) !== undefined) {
    const periods = Math.floor(upMs / CFS_PERIOD_MS);
    out.add('container_cpu_cfs_periods_total', 'counter', 'Number of elapsed enforcement period intervals.', base, periods);
    out.add(
      'container_cpu_cfs_throttled_periods_total',
      'counter',
      'Number of throttled period intervals.',
      base,
      Math.floor(periods * (c.behaviour.throttledShare ?? 0)),
    );
  }
  const every = c.behaviour.childOomEveryMs;
  out.add('container_oom_events_total', 'counter', 'Count of out of memory events observed for the container', base, every ? Math.floor(upMs / every) : 0);
  const limit = toMebibytes(c.spec.resources?.limits?.memory);
  if (limit !== undefined) out.add('container_spec_memory_limit_bytes', 'gauge', 'Memory limit for the container.', base, Math.round(limit * 1048576));
  out.add('container_start_time_seconds', 'gauge', 'Start time of the container since unix epoch in seconds.', base, Math.floor(c.startedAt / 1000));
}

/** The kubelet's `/metrics/cadvisor` for the pods the sim runs now. */
export function renderCadvisor(runners: readonly PodRunner[], now: number): string {
  const out = new Exposition();
  for (const runner of runners) for (const c of runner.containers) cadvisorContainer(out, runner, c, now);
  return out.text();
}

function ksmContainer(out: Exposition, runner: PodRunner, c: ContainerRuntime): void {
  const family = c.list === 'initContainers' ? 'kube_pod_init_container' : 'kube_pod_container';
  const pod = { namespace: runner.namespace, pod: runner.name, uid: runner.pod.metadata.uid, container: c.spec.name };
  const info = { ...pod, image_spec: c.spec.image, image: c.spec.image, image_id: '', container_id: c.containerID ?? '' };
  out.add(
    `${family}_info`,
    'gauge',
    'Information about a container in a pod.',
    c.list === 'initContainers' ? { ...info, restart_policy: c.spec.restartPolicy ?? '' } : info,
    1,
  );
  for (const [kind, figures] of [
    ['requests', c.spec.resources?.requests],
    ['limits', c.spec.resources?.limits],
  ] as const) {
    const cpu = cpuCores(figures?.cpu);
    const memory = toMebibytes(figures?.memory);
    const help = `The number of ${kind} resource ${kind === 'requests' ? 'requested' : 'limited'} by a container.`;
    if (cpu !== undefined) out.add(`${family}_resource_${kind}`, 'gauge', help, { ...pod, node: runner.ctx.nodeName, resource: 'cpu', unit: 'core' }, cpu);
    if (memory !== undefined)
      out.add(
        `${family}_resource_${kind}`,
        'gauge',
        help,
        { ...pod, node: runner.ctx.nodeName, resource: 'memory', unit: 'byte' },
        Math.round(memory * 1048576),
      );
  }
  out.add(`${family}_status_restarts_total`, 'counter', 'The number of container restarts per container.', pod, c.restartCount);
  out.add(`${family}_status_ready`, 'gauge', 'Describes whether the containers readiness check succeeded.', pod, c.ready ? 1 : 0);
  out.add(`${family}_status_running`, 'gauge', 'Describes whether the container is currently in running state.', pod, c.phase === 'running' ? 1 : 0);
  if (c.last)
    out.add(
      `${family}_status_last_terminated_reason`,
      'gauge',
      'Describes the last reason the container was in terminated state.',
      { ...pod, reason: c.last.reason },
      1,
    );
}

/** kube-state-metrics' pod and container families for the pods the sim runs now. */
export function renderKubeStateMetrics(runners: readonly PodRunner[], now: number): string {
  const out = new Exposition();
  for (const runner of runners) {
    const start = runner.view.startTime;
    if (start !== undefined)
      out.add(
        'kube_pod_start_time',
        'gauge',
        'Start time in unix timestamp for a pod.',
        { namespace: runner.namespace, pod: runner.name, uid: runner.pod.metadata.uid },
        Math.floor(Math.min(start, now) / 1000),
      );
    for (const c of runner.containers) ksmContainer(out, runner, c);
  }
  return out.text();
}
