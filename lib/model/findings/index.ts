/**
 * `detectFindings`: every rule over one pod, most severe first. Rules are pure and independent;
 * each reads the pod's lifecycle (derived once here) so times keep their provenance.
 */
import { severityRank, type Finding, type FindingId, type PodAnalysisInput } from '../types';
import { FINDING_CATALOGUE } from './catalogue';
import { toRuleContext, type Rule } from './context';
import { detectCrashLoops, detectOomKills, detectSidecarNotReady } from './health';
import { detectLegacySidecars, detectUnpinnedImages } from './hygiene';
import { detectGracePeriodExceeded, detectJobBlocked, detectStoppedBeforeApp } from './lifetime';
import { detectNoResources, detectResourcePressure } from './resources';
import { detectChildOomKills, detectThrottledSidecars } from './prometheus';
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

/**
 * `previous` (this pod's findings from {@link detectFindings}) with the findings that read metrics
 * judged again on `input.metrics`: what a new metrics sample alone can change, without deriving the
 * lifecycle. Equal to `detectFindings(input)` when only the samples changed since `previous`.
 */
export function refreshUsageFindings(previous: readonly Finding[], input: PodAnalysisInput): Finding[] {
  const context = toRuleContext(input);
  const kept = previous.filter((finding) => !USAGE_IDS.has(finding.id));
  return [...kept, ...USAGE_RULES.flatMap((rule) => rule(context))].sort(byImportance);
}
