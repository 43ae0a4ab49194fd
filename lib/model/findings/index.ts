/**
 * `detectFindings`: every rule over one pod, most severe first. Rules are pure and independent;
 * each reads the pod's lifecycle (derived once here) so times keep their provenance.
 */
import type { Finding, PodAnalysisInput, Severity } from '../types';
import { toRuleContext, type Rule } from './context';
import { detectCrashLoops, detectOomKills, detectSidecarNotReady } from './health';
import { detectLegacySidecars, detectUnpinnedImages } from './hygiene';
import { detectGracePeriodExceeded, detectJobBlocked, detectStoppedBeforeApp } from './lifetime';
import { detectNoResources, detectResourcePressure } from './resources';
import { detectStartupRace } from './startup-race';
import { detectDroppedRestartPolicy, detectInitNeverCompletes, detectNoStartupProbe, detectStartupBlocked } from './startup-gating';

export { FINDING_CATALOGUE, type CatalogueEntry } from './catalogue';
export type { Rule, RuleContext } from './context';

/** Every rule, in the order findings of equal severity are listed. */
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
  detectNoResources,
  detectNoStartupProbe,
  detectUnpinnedImages,
  detectLegacySidecars,
];

const RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * All findings for one pod, critical first (stable within a severity). Never throws: a rule that
 * meets data it cannot judge raises nothing.
 */
export function detectFindings(input: PodAnalysisInput): Finding[] {
  const context = toRuleContext(input);
  return RULES.flatMap((rule) => rule(context)).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
