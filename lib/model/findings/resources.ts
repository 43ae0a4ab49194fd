/**
 * Sidecar resources: missing requests or memory limit, and measured use against them (the "bad
 * neighbour"): above the request, or close to the memory limit.
 */
import { formatBytes, formatCpuMilli } from '../quantity';
import type { ContainerSpecDigest, Evidence, Finding, MetricsSample } from '../types';
import { fieldEvidence, makeFinding, type Rule, type RuleContext } from './context';
import { resourceFix } from './fixes';

/** Working set at or above this share of the memory limit counts as near it. */
export const NEAR_LIMIT_RATIO = 0.9;

/** Raises `sidecar-no-resources` for a sidecar missing a cpu or memory request, or a memory limit. */
export const detectNoResources: Rule = (context) =>
  context.sidecars.flatMap((sidecar) => {
    const { requests, limits } = sidecar.resources;
    const missing = [
      requests.cpuMilli === undefined ? 'cpu request' : undefined,
      requests.memoryBytes === undefined ? 'memory request' : undefined,
      limits.memoryBytes === undefined ? 'memory limit' : undefined,
    ].filter((item): item is string => item !== undefined);
    if (missing.length === 0) return [];
    return [
      makeFinding(context, 'sidecar-no-resources', {
        container: sidecar.name,
        message: `${sidecar.name} has no ${missing.join(', ')}`,
        evidence: [fieldEvidence('requests', describeFigures(requests)), fieldEvidence('limits', describeFigures(limits))],
        ...resourceFix(context, sidecar, 'missing'),
      }),
    ];
  });

function describeFigures(figures: { cpuMilli?: number; memoryBytes?: number }): string {
  const cpu = figures.cpuMilli === undefined ? 'cpu unset' : `cpu ${formatCpuMilli(figures.cpuMilli)}`;
  const memory = figures.memoryBytes === undefined ? 'memory unset' : `memory ${formatBytes(figures.memoryBytes)}`;
  return `${cpu}, ${memory}`;
}

/** Use above a set, positive request. */
function isOver(used: number, request: number | undefined): boolean {
  return request !== undefined && request > 0 && used > request;
}

/** Working set at or above {@link NEAR_LIMIT_RATIO} of a set, positive memory limit. */
function isNearLimit(memoryBytes: number, limit: number | undefined): boolean {
  return limit !== undefined && limit > 0 && memoryBytes >= limit * NEAR_LIMIT_RATIO;
}

/**
 * Whether this use of `sidecar` raises `sidecar-over-request` or `sidecar-near-memory-limit` (on a
 * pod not being deleted): the test {@link detectResourcePressure} makes, without building a finding.
 */
export function isUnderPressure(sidecar: ContainerSpecDigest, usage: { cpuMilli: number; memoryBytes: number }): boolean {
  const { requests, limits } = sidecar.resources;
  return isOver(usage.cpuMilli, requests.cpuMilli) || isOver(usage.memoryBytes, requests.memoryBytes) || isNearLimit(usage.memoryBytes, limits.memoryBytes);
}

function latestSample(context: RuleContext): MetricsSample | undefined {
  const samples = context.input.metrics ?? [];
  return samples.reduce<MetricsSample | undefined>((latest, sample) => (!latest || sample.at > latest.at ? sample : latest), undefined);
}

function trendEvidence(context: RuleContext, container: string): Evidence[] {
  const series = (context.input.metrics ?? []).filter((sample) => sample.containers[container]).sort((a, b) => a.at - b.at);
  const first = series[0]?.containers[container];
  const last = series.at(-1)?.containers[container];
  if (!first || !last || series.length < 2) return [];
  return [fieldEvidence('memory over the samples', `${formatBytes(first.memoryBytes)} → ${formatBytes(last.memoryBytes)} (${series.length} samples)`)];
}

function overRequest(context: RuleContext, sidecar: ContainerSpecDigest, usage: { cpuMilli: number; memoryBytes: number }): Finding | undefined {
  const { requests } = sidecar.resources;
  const over: string[] = [];
  if (isOver(usage.cpuMilli, requests.cpuMilli)) over.push(`cpu ${formatCpuMilli(usage.cpuMilli)} > ${formatCpuMilli(requests.cpuMilli ?? 0)}`);
  if (isOver(usage.memoryBytes, requests.memoryBytes)) over.push(`memory ${formatBytes(usage.memoryBytes)} > ${formatBytes(requests.memoryBytes ?? 0)}`);
  if (over.length === 0) return undefined;
  return makeFinding(context, 'sidecar-over-request', {
    container: sidecar.name,
    message: `${sidecar.name} uses more than it requests (${over.join('; ')})`,
    evidence: [fieldEvidence('usage', describeFigures(usage)), fieldEvidence('requests', describeFigures(requests)), ...trendEvidence(context, sidecar.name)],
    ...resourceFix(context, sidecar, 'over-request'),
  });
}

function nearLimit(context: RuleContext, sidecar: ContainerSpecDigest, usage: { memoryBytes: number }): Finding | undefined {
  const limit = sidecar.resources.limits.memoryBytes;
  if (limit === undefined || !isNearLimit(usage.memoryBytes, limit)) return undefined;
  const percent = Math.round((usage.memoryBytes / limit) * 100);
  return makeFinding(context, 'sidecar-near-memory-limit', {
    container: sidecar.name,
    message: `${sidecar.name} uses ${percent}% of its memory limit (${formatBytes(usage.memoryBytes)} of ${formatBytes(limit)})`,
    evidence: [
      fieldEvidence('working set', formatBytes(usage.memoryBytes)),
      fieldEvidence('memory limit', formatBytes(limit)),
      ...trendEvidence(context, sidecar.name),
    ],
    ...resourceFix(context, sidecar, 'near-limit'),
  });
}

/** Raises `sidecar-over-request` and `sidecar-near-memory-limit` from the latest metrics sample. */
export const detectResourcePressure: Rule = (context) => {
  const sample = latestSample(context);
  if (!sample || context.input.pod.deletedAt !== undefined) return [];
  return context.sidecars.flatMap((sidecar) => {
    const usage = sample.containers[sidecar.name];
    if (!usage) return [];
    return [overRequest(context, sidecar, usage), nearLimit(context, sidecar, usage)].filter((finding): finding is Finding => finding !== undefined);
  });
};
