/**
 * Rules fed by Prometheus (cAdvisor and kube-state-metrics series), which the Kubernetes API never
 * shows: a sidecar throttled by its CPU limit, and OOM kills inside a sidecar's cgroup that did
 * not restart it (a child process killed: the container looks healthy). Raise nothing without
 * Prometheus figures.
 */
import { formatBytes, formatCpuMilli } from '../quantity';
import type { ContainerPrometheusSignals, ContainerSpecDigest, Finding, FindingThresholds } from '../types';
import { fieldEvidence, makeFinding, type Rule, type RuleContext } from './context';

/**
 * Defaults: throttled in a quarter of the periods over at least 600 periods (one minute of the
 * default 100 ms `cpu.cfs_period_us`). Headlamp's proposed badge (headlamp#6645) flags 95 % of the
 * *limit used*; throttling is the direct measure, and a quarter of periods throttled already adds
 * tail latency to every request through a proxy.
 */
export const DEFAULT_THRESHOLDS: Readonly<FindingThresholds> = { throttledShare: 0.25, minCfsPeriods: 600 };

function thresholdsOf(context: RuleContext): FindingThresholds {
  return { ...DEFAULT_THRESHOLDS, ...context.input.thresholds };
}

function signalsOf(context: RuleContext, sidecar: ContainerSpecDigest): ContainerPrometheusSignals | undefined {
  return context.input.prometheus?.containers[sidecar.name];
}

function windowText(context: RuleContext): string {
  const seconds = context.input.prometheus?.windowSeconds ?? 0;
  if (seconds % 3600 === 0 && seconds > 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds > 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Whether these figures put a sidecar over the throttling thresholds (`sidecar-cpu-throttled`). */
export function isThrottled(signals: ContainerPrometheusSignals | undefined, limits: FindingThresholds): boolean {
  const share = signals?.throttledShare;
  if (share === undefined || !Number.isFinite(share) || share < limits.throttledShare) return false;
  return (signals?.cfsPeriods ?? 0) >= limits.minCfsPeriods;
}

/**
 * Whether these figures count OOM events without a restart: `sidecar-oom-no-restart` is raised
 * for them unless the container's own last termination was that kill.
 */
export function hasOomWithoutRestart(signals: ContainerPrometheusSignals | undefined): boolean {
  return (signals?.oomEvents ?? 0) >= 0.5 && !((signals?.restarts ?? 0) >= 0.5);
}

/** Raises `sidecar-cpu-throttled` for a sidecar throttled in at least `throttledShare` of its CFS periods. */
export const detectThrottledSidecars: Rule = (context) => {
  if (context.input.pod.deletedAt !== undefined) return [];
  const limits = thresholdsOf(context);
  return context.sidecars.flatMap((sidecar): Finding[] => {
    const signals = signalsOf(context, sidecar);
    const share = signals?.throttledShare;
    if (share === undefined || !isThrottled(signals, limits)) return [];
    const cpuLimit = sidecar.resources.limits.cpuMilli;
    return [
      makeFinding(context, 'sidecar-cpu-throttled', {
        container: sidecar.name,
        message: `${sidecar.name} was throttled in ${percent(share)} of its CPU periods over the last ${windowText(context)}`,
        evidence: [
          fieldEvidence(
            'throttled periods',
            `${percent(share)} of ${Math.round(signals?.cfsPeriods ?? 0)} (container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total)`,
          ),
          fieldEvidence('threshold', `${percent(limits.throttledShare)} of at least ${limits.minCfsPeriods} periods`),
          fieldEvidence('cpu limit', cpuLimit === undefined ? 'unset' : formatCpuMilli(cpuLimit)),
        ],
      }),
    ];
  });
};

/** True when the container's own last termination was an OOM kill inside the window (sidecar-oomkilled covers it). */
function wasKilledItself(context: RuleContext, sidecar: ContainerSpecDigest): boolean {
  const last = context.statusOf(sidecar.name)?.lastState;
  const windowMs = (context.input.prometheus?.windowSeconds ?? 0) * 1000;
  if (last?.state !== 'terminated' || last.reason !== 'OOMKilled') return false;
  return last.finishedAt === undefined || last.finishedAt >= context.input.now - windowMs;
}

/** Raises `sidecar-oom-no-restart` for OOM events in a sidecar's cgroup that did not restart it. */
export const detectChildOomKills: Rule = (context) => {
  if (context.input.pod.deletedAt !== undefined) return [];
  return context.sidecars.flatMap((sidecar): Finding[] => {
    const signals = signalsOf(context, sidecar);
    const events = signals?.oomEvents ?? 0;
    if (!hasOomWithoutRestart(signals) || wasKilledItself(context, sidecar)) return [];
    const status = context.statusOf(sidecar.name);
    return [
      makeFinding(context, 'sidecar-oom-no-restart', {
        container: sidecar.name,
        message: `${Math.round(events)} OOM kill${Math.round(events) === 1 ? '' : 's'} inside ${sidecar.name} over the last ${windowText(context)}, without a restart`,
        evidence: [
          fieldEvidence('container_oom_events_total increase', Math.round(events)),
          fieldEvidence(
            'restarts in the window',
            signals?.restarts === undefined ? 'none seen (kube-state-metrics not scraped)' : Math.round(signals.restarts),
          ),
          fieldEvidence('restartCount', status?.restartCount ?? 0),
          fieldEvidence('memory limit', sidecar.resources.limits.memoryBytes === undefined ? 'unset' : formatBytes(sidecar.resources.limits.memoryBytes)),
        ],
      }),
    ];
  });
};
