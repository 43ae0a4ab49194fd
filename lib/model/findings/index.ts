/**
 * `detectFindings`: every rule over one pod, most severe first. Rules are pure and independent;
 * each reads the pod's lifecycle (derived once here) so times keep their provenance.
 */
import { isSidecarKind } from '../classify';
import {
  severityRank,
  type ContainerSpecDigest,
  type Finding,
  type FindingId,
  type FindingThresholds,
  type MetricsSample,
  type PodAnalysisInput,
  type PrometheusSignals,
} from '../types';
import { FINDING_CATALOGUE } from './catalogue';
import { toRuleContext, type Rule } from './context';
import { detectCrashLoops, detectOomKills, detectSidecarNotReady } from './health';
import { detectLegacySidecars, detectUnpinnedImages } from './hygiene';
import { detectGracePeriodExceeded, detectJobBlocked, detectStoppedBeforeApp } from './lifetime';
import { detectNoResources, detectResourcePressure, isUnderPressure } from './resources';
import { DEFAULT_THRESHOLDS, detectChildOomKills, detectThrottledSidecars, hasOomWithoutRestart, isThrottled } from './prometheus';
import { detectStartupRace } from './startup-race';
import { detectDroppedRestartPolicy, detectInitNeverCompletes, detectNoStartupProbe, detectStartupBlocked } from './startup-gating';

export { FINDING_CATALOGUE, type CatalogueEntry } from './catalogue';
export type { Rule, RuleContext } from './context';
export { DEFAULT_THRESHOLDS } from './prometheus';

/** Every rule, in the order findings of equal severity are listed. */
/**
 * Findings a rule may raise, clear or change (severity) with the passing of time alone, on a pod
 * whose status does not change: the rules that compare `now` with a time in the status. A
 * caller that derives only on change must derive pods with these again as time passes.
 */
export const TIME_SENSITIVE_FINDINGS: ReadonlySet<FindingId> = new Set<FindingId>([
  'init-never-completes', // a running plain init container, after a minute (ports) or ten
  'sidecar-startup-blocked', // the app waiting behind a sidecar, after a while
  'job-blocked-by-sidecar', // critical once the Job has waited long enough
  'sidecar-crashloop', // restarts age out of the window
  'container-crashloop',
  'sidecar-oom-no-restart', // OOM kills age out of the Prometheus window
]);

export const RULES: readonly Rule[] = [
  detectStartupBlocked,
  detectDroppedRestartPolicy,
  detectInitNeverCompletes,
  detectStartupRace,
  detectJobBlocked,
  detectCrashLoops,
  detectOomKills,
  detectSidecarNotReady,
  detectGracePeriodExceeded,
  detectStoppedBeforeApp,
  detectResourcePressure,
  detectThrottledSidecars,
  detectChildOomKills,
  detectNoResources,
  detectNoStartupProbe,
  detectUnpinnedImages,
  detectLegacySidecars,
];

/** The rules that read metrics samples (for their findings or their fixes), and the only ones that raise these ids. */
const USAGE_RULES: readonly Rule[] = [detectOomKills, detectResourcePressure, detectNoResources];
/** Their fixes are sized from the samples too (peak memory, observed CPU). */
const USAGE_IDS: ReadonlySet<FindingId> = new Set([
  'sidecar-oomkilled',
  'container-oomkilled',
  'sidecar-over-request',
  'sidecar-near-memory-limit',
  'sidecar-no-resources',
]);

const ORDER = new Map(Object.keys(FINDING_CATALOGUE).map((id, index) => [id, index]));

/** Most severe first, then in catalogue order; stable for findings of one id (container order). */
function byImportance(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || (ORDER.get(a.id) ?? 0) - (ORDER.get(b.id) ?? 0);
}

/**
 * All findings for one pod, critical first, then in catalogue order. Never throws: a rule that
 * meets data it cannot judge raises nothing.
 */
export function detectFindings(input: PodAnalysisInput): Finding[] {
  const context = toRuleContext(input);
  return RULES.flatMap((rule) => rule(context)).sort(byImportance);
}

/** The rules fed by Prometheus figures, and the only ones that raise these ids. */
const SIGNAL_RULES: readonly Rule[] = [detectThrottledSidecars, detectChildOomKills];
const SIGNAL_IDS: ReadonlySet<FindingId> = new Set(['sidecar-cpu-throttled', 'sidecar-oom-no-restart']);

/**
 * `previous` (this pod's findings from {@link detectFindings}) with the findings that read metrics
 * judged again on `input.metrics`: what a new metrics sample alone can change, without deriving the
 * lifecycle. Equal to `detectFindings(input)` when only the samples changed since `previous`.
 */
export function refreshUsageFindings(previous: readonly Finding[], input: PodAnalysisInput): Finding[] {
  return refreshFindings(previous, input, { samples: true, signals: false });
}

/**
 * `previous` with the findings of the rules that read what `changed` names judged again: metrics
 * samples (`samples`), Prometheus figures (`signals`). Equal to `detectFindings(input)` when only
 * those changed since `previous` was derived.
 */
export function refreshFindings(previous: readonly Finding[], input: PodAnalysisInput, changed: { samples: boolean; signals: boolean }): Finding[] {
  const context = toRuleContext(input);
  const kept = previous.filter((finding) => !(changed.samples && USAGE_IDS.has(finding.id)) && !(changed.signals && SIGNAL_IDS.has(finding.id)));
  const rules = [...(changed.samples ? USAGE_RULES : []), ...(changed.signals ? SIGNAL_RULES : [])];
  return [...kept, ...rules.flatMap((rule) => rule(context))].sort(byImportance);
}

/**
 * True when a new metrics sample cannot change a pod's findings, so {@link refreshUsageFindings}
 * would give `previous` back: none of the pod's findings (`ids`) reads samples (an OOM kill's or a
 * missing request's fix is sized from them), and `latest` puts no sidecar of `containers` over a
 * request or near its memory limit. Needs only the container specs and the newest sample: a hub
 * polling 100,000 pods skips the rules (and rebuilding each pod's digest) for most of them.
 * Whether an OOM kill or a missing request is found does not depend on samples, so `ids`, from a
 * derivation of the same pod, says whether one is.
 */
export function samplesLeaveFindings(ids: readonly FindingId[], containers: readonly ContainerSpecDigest[], latest: MetricsSample | undefined): boolean {
  for (const id of ids) if (USAGE_IDS.has(id)) return false;
  if (!latest) return true;
  for (const container of containers) {
    if (!isSidecarKind(container.kind)) continue;
    const usage = latest.containers[container.name];
    if (usage && isUnderPressure(container, usage)) return false;
  }
  return true;
}

/**
 * True when new Prometheus figures cannot change a pod's findings, so {@link refreshFindings} for
 * them would give the findings back: none of the pod's findings (`ids`) is Prometheus-fed, and
 * `signals` put no sidecar of `containers` over the throttling thresholds or count OOM events
 * without a restart. Most pods of a fleet poll are in this case whatever their figures do.
 */
export function signalsLeaveFindings(
  ids: readonly FindingId[],
  containers: readonly ContainerSpecDigest[],
  signals: PrometheusSignals | undefined,
  thresholds?: Partial<FindingThresholds>,
): boolean {
  for (const id of ids) if (SIGNAL_IDS.has(id)) return false;
  if (!signals) return true;
  const limits = { ...DEFAULT_THRESHOLDS, ...thresholds };
  for (const container of containers) {
    if (!isSidecarKind(container.kind)) continue;
    const figures = Object.hasOwn(signals.containers, container.name) ? signals.containers[container.name] : undefined;
    if (isThrottled(figures, limits) || hasOomWithoutRestart(figures)) return false;
  }
  return true;
}
