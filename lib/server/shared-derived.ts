/**
 * What the hub keeps of a pod's derivation. Pods of a template raise the same findings, word for
 * word but for the pod they name: each finding is kept once, without its pod (a template shared
 * through the interner), and rendered with the pod's namespace, name and uid when read. The pod's
 * name and namespace are also cut out of the finding's texts (a crash loop's fix names the pod in
 * its `kubectl logs` command), so those texts are shared too.
 */
import 'server-only';
import type { Finding } from '../model/types';
import type { FleetShare, PodRow } from '../model/views';
import { sameData, type Interner } from './interner';
import { idOf } from './packed-digest';

/**
 * What the list, the totals and the alerts need, kept per pod. The lifecycle (lanes, markers) is
 * not kept: it is derived again for the one pod a detail request or stream subscription asks for.
 */
export interface Derived {
  /** Fresh objects on each read of a kept derivation: read once per use. */
  readonly findings: Finding[];
  row: PodRow;
  /** Built on read from a kept derivation (the shared requests and limits, and the pod's own use): read once per use. */
  readonly fleet: FleetShare;
  startupTaxMs?: number;
}

/** Where a template had the pod's own namespace, name or uid (the row's). */
const POD = '\u0000pod';
/** In `pod`: the pod's own name, and its texts hold {@link NAME} and {@link NAMESPACE} where they named it. */
const POD_IN_TEXTS = '\u0000pod+texts';
/** Where a template's text had the pod's name, then its namespace: characters no Kubernetes name has. */
const NAME = '\u0000\u0001';
const NAMESPACE = '\u0000\u0002';

class SharedDerived implements Derived {
  constructor(
    readonly templates: readonly Finding[],
    public row: PodRow,
    /** The fleet share without its use: equal, and shared, between the pods of a template. */
    readonly base: FleetShare,
    /** The pod's own use, when it has any: see {@link usageOf}. */
    readonly usage: readonly number[] | undefined,
    public startupTaxMs: number | undefined,
  ) {}

  get fleet(): FleetShare {
    return withUsage(this.base, this.usage);
  }

  get findings(): Finding[] {
    const { uid, namespace, name } = this.row;
    return this.templates.map((t) => {
      const finding = {
        ...t,
        namespace: t.namespace === POD ? namespace : t.namespace,
        pod: t.pod === POD || t.pod === POD_IN_TEXTS ? name : t.pod,
        podUid: t.podUid === POD ? uid : t.podUid,
      };
      if (t.pod !== POD_IN_TEXTS) return finding;
      finding.message = pasteIn(t.message, name, namespace);
      finding.explanation = pasteIn(t.explanation, name, namespace);
      finding.fix = pasteIn(t.fix, name, namespace);
      return finding;
    });
  }
}

function templateOf(finding: Finding, row: PodRow): Finding {
  const template = {
    ...finding,
    namespace: finding.namespace === row.namespace ? POD : finding.namespace,
    pod: finding.pod === row.name ? POD : finding.pod,
    podUid: finding.podUid === row.uid ? POD : finding.podUid,
  };
  if (template.pod !== POD || !canCut(finding, row)) return template;
  return {
    ...template,
    pod: POD_IN_TEXTS,
    message: cutOut(finding.message, row.name, row.namespace),
    explanation: cutOut(finding.explanation, row.name, row.namespace),
    fix: cutOut(finding.fix, row.name, row.namespace),
  };
}

/**
 * Whether the finding's texts name the pod, and its name and namespace can be cut out of them and
 * pasted back exactly: the texts hold no NUL (so every marker in a cut text is one {@link cutOut}
 * put there), and the name and namespace are not empty and hold no control character (so no
 * occurrence of the namespace can run into a marker). Texts that name only the namespace are left
 * whole: pods of a namespace share them already.
 */
function canCut(finding: Finding, row: PodRow): boolean {
  const { name, namespace } = row;
  const { message, explanation, fix } = finding;
  return (
    name !== '' &&
    namespace !== '' &&
    (message.includes(name) || explanation.includes(name) || fix.includes(name)) &&
    !CONTROL.test(name) &&
    !CONTROL.test(namespace) &&
    !message.includes('\u0000') &&
    !explanation.includes('\u0000') &&
    !fix.includes('\u0000')
  );
}

const CONTROL = /[\u0000-\u001f]/;

/** `text` with the pod's name, then its namespace, replaced by markers. */
function cutOut(text: string, name: string, namespace: string): string {
  return text.replaceAll(name, NAME).replaceAll(namespace, NAMESPACE);
}

/** What {@link cutOut} was given back: the namespace's markers first, then the name's. */
function pasteIn(text: string, name: string, namespace: string): string {
  if (!text.includes('\u0000')) return text;
  return text.replaceAll(NAMESPACE, namespace).replaceAll(NAME, name);
}

/** The templates of `findings`: the previous derivation's where equal, else the interner's. */
function shareTemplates(findings: readonly Finding[], row: PodRow, shared: Interner, previous: readonly Finding[] | undefined): readonly Finding[] {
  let reused = previous?.length === findings.length;
  const templates = findings.map((finding, i) => {
    const template = templateOf(finding, row);
    const before = previous?.[i];
    if (before && sameData(before, template)) return before;
    reused = false;
    return (
      shared.recent<Finding, [Finding]>('finding', sameData, template) ??
      // Its catalogue texts make a template's JSON long: looked up by what tells templates apart.
      shared.remember(
        'finding',
        shared.latest(`\u0003${template.id}\u0000${template.container ?? ''}\u0000${template.message}`, withSharedTexts(template, shared), sameData),
      )
    );
  });
  if (reused && previous) return previous;
  if (templates.length === 0) return NONE;
  return (
    shared.recent('templates', sameItems, templates) ??
    shared.remember('templates', shared.keyed(`\u0002${templates.map((t) => idOf(t)).join(',')}`, templates))
  );
}

/**
 * `template` with its message, explanation and fix shared with equal ones. A template of its own
 * (its evidence carries the pod's times or counts) still says what others say: under churn most
 * pods had one, each with its own copy of the catalogue's texts (about 550 B a pod at 20,000 pods).
 */
function withSharedTexts(template: Finding, shared: Interner): Finding {
  return {
    ...template,
    message: shared.text(template.message, 'finding.message'),
    explanation: shared.text(template.explanation, 'finding.explanation'),
    fix: shared.text(template.fix, 'finding.fix'),
  };
}

/** The same templates (each one shared) in the same order. */
function sameItems(known: readonly Finding[], templates: readonly Finding[]): boolean {
  if (known.length !== templates.length) return false;
  for (let i = 0; i < known.length; i += 1) if (known[i] !== templates[i]) return false;
  return true;
}

const NONE: readonly Finding[] = Object.freeze([]);

/**
 * A fleet share's measured use as four numbers (sidecars' CPU and memory, then the main
 * containers'; NaN where a side has none), undefined when neither side has any: the part of a
 * share that is the pod's own. As objects a share cost about 440 B a pod once metrics came in.
 */
function usageOf(fleet: FleetShare): readonly number[] | undefined {
  const { sidecars, mains } = fleet;
  if (!sidecars.usage && !mains.usage) return undefined;
  return [
    sidecars.usage?.cpuMilli ?? Number.NaN,
    sidecars.usage?.memoryBytes ?? Number.NaN,
    mains.usage?.cpuMilli ?? Number.NaN,
    mains.usage?.memoryBytes ?? Number.NaN,
  ];
}

/** `fleet` without its use (requests, limits and counts: what pods of a template share). */
function withoutUsage(fleet: FleetShare): FleetShare {
  const { sidecars, mains } = fleet;
  if (!sidecars.usage && !mains.usage) return fleet;
  return {
    sidecars: { requests: sidecars.requests, limits: sidecars.limits },
    mains: { requests: mains.requests, limits: mains.limits },
    sidecarCount: fleet.sidecarCount,
    mainCount: fleet.mainCount,
  };
}

/** The fleet share `base` with the use {@link usageOf} took apart put back, in the same key order. */
function withUsage(base: FleetShare, usage: readonly number[] | undefined): FleetShare {
  if (!usage) return base;
  const side = (totals: FleetShare['sidecars'], cpuMilli: number | undefined, memoryBytes: number | undefined): FleetShare['sidecars'] =>
    cpuMilli === undefined || memoryBytes === undefined || Number.isNaN(cpuMilli)
      ? { requests: totals.requests, limits: totals.limits }
      : { requests: totals.requests, limits: totals.limits, usage: { cpuMilli, memoryBytes } };
  return {
    sidecars: side(base.sidecars, usage[0], usage[1]),
    mains: side(base.mains, usage[2], usage[3]),
    sidecarCount: base.sidecarCount,
    mainCount: base.mainCount,
  };
}

/**
 * `previous` with a new fleet share and all else kept (findings, row, startup tax): what new
 * samples give a pod when they change none of its findings.
 */
export function withFleet(previous: Derived, fleet: FleetShare, shared: Interner): Derived {
  if (previous instanceof SharedDerived)
    return new SharedDerived(
      previous.templates,
      previous.row,
      shared.reuse(previous.base, withoutUsage(fleet), 'fleet'),
      usageOf(fleet),
      previous.startupTaxMs,
    );
  return {
    findings: previous.findings,
    row: previous.row,
    fleet,
    ...(previous.startupTaxMs === undefined ? {} : { startupTaxMs: previous.startupTaxMs }),
  };
}

/** Whether `findings` are, word for word, the ones `previous` keeps (as templates, for its row's pod). */
export function keepsFindings(previous: Derived, findings: readonly Finding[]): boolean {
  if (!(previous instanceof SharedDerived) || previous.templates.length !== findings.length) return false;
  return findings.every((finding, i) => {
    const kept = previous.templates[i];
    return kept !== undefined && sameData(kept, templateOf(finding, previous.row));
  });
}

/** Whether `next` kept `previous`'s findings and row as they were ({@link withFleet}). */
export function keptFindings(previous: Derived, next: Derived): boolean {
  return previous instanceof SharedDerived && next instanceof SharedDerived && next.templates === previous.templates && next.row === previous.row;
}

/** The derivation to keep: findings as shared templates, and the parts of the row and fleet share pods of a template have in common shared. */
export function shareDerived(derived: Derived, shared: Interner, previous?: Derived): Derived {
  const { row } = derived;
  // Without its use, pods of a template have equal shares; the use is the pod's own, kept as numbers.
  const before = previous instanceof SharedDerived ? previous : undefined;
  const base = shared.reuse(before?.base, withoutUsage(derived.fleet), 'fleet');
  const usage = usageOf(derived.fleet);
  row.containers = shared.reuse(previous?.row.containers, row.containers, 'row.containers');
  row.findings = shared.reuse(previous?.row.findings, row.findings, 'row.findings');
  row.status = shared.text(row.status, 'row.status');
  row.ready = shared.text(row.ready, 'row.ready');
  row.findingIds = shared.reuse(previous?.row.findingIds, row.findingIds, 'row.findingIds');
  return new SharedDerived(shareTemplates(derived.findings, row, shared, before?.templates), row, base, usage, derived.startupTaxMs);
}
