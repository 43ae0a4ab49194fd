/**
 * Resource figures for a fix, from what was observed: memory from the peak working set with a
 * stated margin, never a limit at or below the one the container was OOM-killed at; CPU from
 * observed use. Without samples there is no number, only the commands that would give one.
 * Figures are rounded (16Mi limits, 8Mi requests, 5m CPU) and texts name no sample count, so a
 * new sample rarely changes a fix and pods of one template share its text in the hub.
 */
import { formatBytes, formatCpuMilli } from '../../quantity';
import type { FixValue, MetricsSample } from '../../types';

const MI = 1024 * 1024;
/** Headroom over the observed peak for a memory limit. */
export const LIMIT_MARGIN = 0.25;
/** Growth over the limit a container was OOM-killed at, when its real peak is unknown or lower. */
export const OOM_GROWTH = 1.5;
/** Limits are rounded up to this many MiB. */
const LIMIT_STEP_MI = 16;
/** Memory requests are rounded up to this many MiB. */
const REQUEST_STEP_MI = 8;
/** CPU requests are rounded up to this many millicores, and never below it. */
const CPU_STEP_MILLI = 5;
/** Fewer samples than this: the figures are flagged as early. */
const FEW_SAMPLES = 10;

export interface UsageSummary {
  samples: number;
  peakMemoryBytes?: number;
  peakCpuMilli?: number;
}

/** Peak memory and CPU of one container over the samples held for the pod. */
export function summariseUsage(metrics: readonly MetricsSample[] | undefined, container: string): UsageSummary {
  let samples = 0;
  let peakMemoryBytes: number | undefined;
  let peakCpuMilli: number | undefined;
  for (const sample of metrics ?? []) {
    const usage = sample.containers[container];
    if (!usage) continue;
    samples++;
    peakMemoryBytes = Math.max(peakMemoryBytes ?? 0, usage.memoryBytes);
    peakCpuMilli = Math.max(peakCpuMilli ?? 0, usage.cpuMilli);
  }
  return { samples, ...(peakMemoryBytes === undefined ? {} : { peakMemoryBytes }), ...(peakCpuMilli === undefined ? {} : { peakCpuMilli }) };
}

/** Bytes as a Kubernetes quantity rounded up to `stepMi` MiB: `384Mi`, `1Gi`, `1536Mi`. */
export function toMemoryQuantity(bytes: number, stepMi = 1): string {
  const mi = Math.max(stepMi, Math.ceil(bytes / MI / stepMi) * stepMi);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** Millicores as a Kubernetes quantity rounded up to 5m: `25m`, `1200m`. */
export function toCpuQuantity(milli: number): string {
  return `${Math.max(CPU_STEP_MILLI, Math.ceil(milli / CPU_STEP_MILLI) * CPU_STEP_MILLI)}m`;
}

export interface ResourcePlan {
  memoryLimit?: string;
  memoryRequest?: string;
  cpuRequest?: string;
  values: FixValue[];
  /** What the figures rest on, and what is missing (the commands to measure it). */
  notes: string[];
}

export interface PlanInput {
  container: string;
  usage: UsageSummary;
  /** The memory limit the container was OOM-killed at, when it was. */
  killedAtLimitBytes?: number;
  /** The current memory limit: a new limit is only suggested above it. */
  currentLimitBytes?: number;
  want: { limit: boolean; requests: boolean };
}

function limitFor(input: PlanInput): { bytes: number; basis: string; origin: FixValue['origin'] } | undefined {
  const { usage, killedAtLimitBytes, currentLimitBytes } = input;
  const candidates: { bytes: number; basis: string }[] = [];
  if (usage.peakMemoryBytes !== undefined && usage.peakMemoryBytes > 0) {
    candidates.push({
      bytes: usage.peakMemoryBytes * (1 + LIMIT_MARGIN),
      basis: `observed peak ${formatBytes(usage.peakMemoryBytes)} + ${LIMIT_MARGIN * 100}%`,
    });
  }
  if (killedAtLimitBytes !== undefined)
    candidates.push({ bytes: killedAtLimitBytes * OOM_GROWTH, basis: `${OOM_GROWTH}× the ${formatBytes(killedAtLimitBytes)} limit it was OOM-killed at` });
  else if (currentLimitBytes !== undefined && candidates.length > 0)
    candidates.push({ bytes: currentLimitBytes * (1 + LIMIT_MARGIN), basis: `the current ${formatBytes(currentLimitBytes)} limit + ${LIMIT_MARGIN * 100}%` });
  const best = candidates.reduce<{ bytes: number; basis: string } | undefined>((top, next) => (!top || next.bytes > top.bytes ? next : top), undefined);
  return best ? { ...best, origin: 'suggested' } : undefined;
}

/** Prometheus queries (cAdvisor series) and the kubectl command that measure what is missing. */
export function measureCommands(namespace: string, pod: string, container: string): string {
  const selector = `namespace="${namespace}", pod="${pod}", container="${container}"`;
  return [
    `kubectl top pod ${pod} -n ${namespace} --containers`,
    `# peak memory over a week (Prometheus): max_over_time(container_memory_working_set_bytes{${selector}}[7d])`,
    `# CPU p95 over a week: quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{${selector}}[5m])[7d:5m])`,
  ].join('\n');
}

/** Figures for a resources fix, each with its origin; none invented when nothing was observed. */
export function planResources(input: PlanInput): ResourcePlan {
  const plan: ResourcePlan = { values: [], notes: [] };
  const { usage } = input;
  if (input.want.limit) {
    const limit = limitFor(input);
    if (limit) {
      plan.memoryLimit = toMemoryQuantity(limit.bytes, LIMIT_STEP_MI);
      plan.values.push({ name: 'limits.memory', value: plan.memoryLimit, origin: limit.origin, basis: limit.basis });
    } else {
      plan.notes.push('No memory limit is suggested: no usage was observed for it and it was not killed at a known limit.');
    }
  }
  if (input.want.requests) {
    if (usage.peakMemoryBytes !== undefined && usage.peakMemoryBytes > 0) {
      plan.memoryRequest = toMemoryQuantity(usage.peakMemoryBytes, REQUEST_STEP_MI);
      plan.values.push({
        name: 'requests.memory',
        value: plan.memoryRequest,
        origin: 'observed',
        basis: `observed peak ${formatBytes(usage.peakMemoryBytes)}, rounded up to ${REQUEST_STEP_MI}Mi`,
      });
    }
    if (usage.peakCpuMilli !== undefined) {
      plan.cpuRequest = toCpuQuantity(usage.peakCpuMilli);
      plan.values.push({ name: 'requests.cpu', value: plan.cpuRequest, origin: 'observed', basis: `observed peak ${formatCpuMilli(usage.peakCpuMilli)}` });
    }
    if (usage.samples === 0) plan.notes.push('No usage samples for it yet, so no request is suggested: measure first.');
    else if (usage.samples < FEW_SAMPLES)
      plan.notes.push(`Fewer than ${FEW_SAMPLES} usage samples so far: confirm over a busy day before settling the requests.`);
  }
  return plan;
}
