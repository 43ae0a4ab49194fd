/**
 * What the hub keeps of a pod's derivation. Pods of a template raise the same findings, word for
 * word but for the pod they name: each finding is kept once, without its pod (a template shared
 * through the interner), and rendered with the pod's namespace, name and uid when read.
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
  fleet: FleetShare;
  startupTaxMs?: number;
}

/** Where a template had the pod's own namespace, name or uid (the row's). */
const POD = '\u0000pod';

class SharedDerived implements Derived {
  constructor(
    readonly templates: readonly Finding[],
    public row: PodRow,
    public fleet: FleetShare,
    public startupTaxMs: number | undefined,
  ) {}

  get findings(): Finding[] {
    const { uid, namespace, name } = this.row;
    return this.templates.map((t) => ({
      ...t,
      namespace: t.namespace === POD ? namespace : t.namespace,
      pod: t.pod === POD ? name : t.pod,
      podUid: t.podUid === POD ? uid : t.podUid,
    }));
  }
}

function templateOf(finding: Finding, row: PodRow): Finding {
  return {
    ...finding,
    namespace: finding.namespace === row.namespace ? POD : finding.namespace,
    pod: finding.pod === row.name ? POD : finding.pod,
    podUid: finding.podUid === row.uid ? POD : finding.podUid,
  };
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
      shared.remember('finding', shared.latest(`\u0003${template.id}\u0000${template.container ?? ''}\u0000${template.message}`, template, sameData))
    );
  });
  if (reused && previous) return previous;
  if (templates.length === 0) return NONE;
  return (
    shared.recent('templates', sameItems, templates) ??
    shared.remember('templates', shared.keyed(`\u0002${templates.map((t) => idOf(t)).join(',')}`, templates))
  );
}

/** The same templates (each one shared) in the same order. */
function sameItems(known: readonly Finding[], templates: readonly Finding[]): boolean {
  if (known.length !== templates.length) return false;
  for (let i = 0; i < known.length; i += 1) if (known[i] !== templates[i]) return false;
  return true;
}

const NONE: readonly Finding[] = Object.freeze([]);

/** The fleet share to keep: without usage, pods of a template have equal ones (shared); with usage, it is the pod's own. */
function shareFleet(fleet: FleetShare, shared: Interner, previous: FleetShare | undefined): FleetShare {
  return !fleet.sidecars.usage && !fleet.mains.usage ? shared.reuse(previous, fleet, 'fleet') : fleet;
}

/**
 * `previous` with a new fleet share and all else kept (findings, row, startup tax): what new
 * samples give a pod when they change none of its findings.
 */
export function withFleet(previous: Derived, fleet: FleetShare, shared: Interner): Derived {
  const next = shareFleet(fleet, shared, previous.fleet);
  if (previous instanceof SharedDerived) return new SharedDerived(previous.templates, previous.row, next, previous.startupTaxMs);
  return {
    findings: previous.findings,
    row: previous.row,
    fleet: next,
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
  const fleet = shareFleet(derived.fleet, shared, previous?.fleet);
  row.containers = shared.reuse(previous?.row.containers, row.containers, 'row.containers');
  row.findings = shared.reuse(previous?.row.findings, row.findings, 'row.findings');
  row.status = shared.text(row.status, 'row.status');
  row.ready = shared.text(row.ready, 'row.ready');
  row.findingIds = shared.reuse(previous?.row.findingIds, row.findingIds, 'row.findingIds');
  const before = previous instanceof SharedDerived ? previous.templates : undefined;
  return new SharedDerived(shareTemplates(derived.findings, row, shared, before), row, fleet, derived.startupTaxMs);
}
