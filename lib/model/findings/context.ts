/**
 * What every rule gets: the pod, its lifecycle (so times carry their provenance), and small
 * helpers to build findings from the catalogue with evidence.
 */
import { isSidecarKind } from '../classify';
import { recogniseInjector } from '../injectors';
import { deriveLifecycle } from '../lifecycle';
import { describeStamp } from '../lifecycle/stamps';
import type {
  ContainerSpecDigest,
  ContainerStatusDigest,
  Evidence,
  Finding,
  FindingId,
  FixValue,
  Lane,
  PodAnalysisInput,
  PodLifecycle,
  Severity,
  Stamp,
} from '../types';
import { FINDING_CATALOGUE } from './catalogue';

export interface RuleContext {
  input: PodAnalysisInput;
  lifecycle: PodLifecycle;
  sidecars: ContainerSpecDigest[];
  mains: ContainerSpecDigest[];
  laneOf(container: string): Lane | undefined;
  statusOf(container: string): ContainerStatusDigest | undefined;
}

/** A rule: everything it finds about one pod. Rules never throw and never read the clock. */
export type Rule = (context: RuleContext) => Finding[];

/**
 * Builds the context once per pod; the lifecycle the rules read times from is derived on first use.
 * A class, not closures made per pod: it is built for every pod derived (100,000 at a sync).
 */
export function toRuleContext(input: PodAnalysisInput): RuleContext {
  return new PodRuleContext(input);
}

class PodRuleContext implements RuleContext {
  readonly sidecars: ContainerSpecDigest[];
  readonly mains: ContainerSpecDigest[];
  private derived?: PodLifecycle;
  private lanes?: Map<string, Lane>;

  constructor(readonly input: PodAnalysisInput) {
    this.derived = input.lifecycle;
    this.sidecars = input.pod.containers.filter((container) => isSidecarKind(container.kind));
    this.mains = input.pod.containers.filter((container) => container.kind === 'main');
  }

  get lifecycle(): PodLifecycle {
    const { input } = this;
    return (this.derived ??= deriveLifecycle({ pod: input.pod, observations: input.observations, events: input.events, now: input.now }));
  }

  laneOf(container: string): Lane | undefined {
    return (this.lanes ??= new Map(this.lifecycle.lanes.map((lane) => [lane.container, lane]))).get(container);
  }

  statusOf(container: string): ContainerStatusDigest | undefined {
    return this.input.pod.statuses[container];
  }
}

export interface FindingDraft {
  container?: string;
  message: string;
  evidence: Evidence[];
  severity?: Severity;
  /** Appended to the catalogue's explanation. */
  explanationDetail?: string;
  /** Replaces the catalogue's fix (already filled in for this pod). */
  fix?: string;
  /** The values `fix` carries and where each came from. */
  fixValues?: FixValue[];
}

/** Evidence naming the injector that wrote a sidecar, and how it was recognised. */
function injectorEvidence(context: RuleContext, container: string | undefined): Evidence[] {
  const spec = container === undefined ? undefined : context.input.pod.containers.find((candidate) => candidate.name === container);
  if (!spec || !isSidecarKind(spec.kind)) return [];
  const injected = recogniseInjector(context.input.pod, spec);
  if (!injected) return [];
  const evidence = [fieldEvidence('injected by', `${injected.profile.name} (${injected.signals.join('; ')})`)];
  if (injected.version)
    evidence.push(
      fieldEvidence(injected.profile.versionIsInjectors ? `${injected.profile.name} version` : `${spec.name} image version`, injected.version.text),
    );
  return evidence;
}

/** Fills `{container}`, `{pod}` and `{namespace}` placeholders of a catalogue text. */
export function fillTemplate(template: string, values: { container?: string; pod: string; namespace?: string }): string {
  return template
    .replaceAll('{container}', values.container ?? 'the container')
    .replaceAll('{pod}', values.pod)
    .replaceAll('{namespace}', values.namespace ?? 'default');
}

/** A finding of `id` for this pod, with the catalogue's severity, explanation and fix unless overridden. */
export function makeFinding(context: RuleContext, id: FindingId, draft: FindingDraft): Finding {
  const entry = FINDING_CATALOGUE[id];
  const { pod } = context.input;
  const values = { container: draft.container, pod: pod.name, namespace: pod.namespace };
  const explanation = fillTemplate(entry.explanation, values);
  const finding: Finding = {
    id,
    severity: draft.severity ?? entry.severity,
    namespace: pod.namespace,
    pod: pod.name,
    podUid: pod.uid,
    message: draft.message,
    explanation: draft.explanationDetail ? `${explanation} ${draft.explanationDetail}` : explanation,
    evidence: [...draft.evidence, ...injectorEvidence(context, draft.container)],
    fix: draft.fix ?? fillTemplate(entry.fix, values),
  };
  if (draft.container !== undefined) finding.container = draft.container;
  if (draft.fixValues && draft.fixValues.length > 0) finding.fixValues = draft.fixValues;
  return finding;
}

/** Evidence of a time, with its provenance in the text. */
export function timeEvidence(label: string, at: Stamp): Evidence {
  return { label, value: describeStamp(at), at };
}

/** Evidence of a field's value. */
export function fieldEvidence(label: string, value: string | number | boolean): Evidence {
  return { label, value: String(value) };
}

/** Exit codes of SIGKILL (137) and SIGTERM (143): the normal end of a container the kubelet stops. */
export function isStopSignalExit(exitCode: number | undefined): boolean {
  return exitCode === 137 || exitCode === 143;
}
