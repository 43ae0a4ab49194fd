/**
 * Running totals behind `ClusterSummary`, updated by adding and removing one pod's contribution,
 * so a change to one pod costs O(its findings), not O(cluster). Per-workload summaries are cached
 * and rebuilt only for workloads that changed. Only live pods count; deleted ones are history.
 */
import 'server-only';
import type { Finding, FindingId, Severity, WorkloadRef } from '../model/types';
import type { FleetShare, SeverityCounts, WorkloadSummary } from '../model/views';
import { addFleet, emptyFleet, percentiles, replaceInFleet, subtractFleet } from '../model/derive-views';

/** What one live pod adds to the totals. */
export interface Contribution {
  uid: string;
  namespace: string;
  phase: string;
  workload: WorkloadRef;
  findings: Finding[];
  fleet: FleetShare;
  startupTaxMs?: number;
}

interface WorkloadTotals {
  namespace: string;
  workload: WorkloadRef;
  pods: number;
  fleet: FleetShare;
  findings: SeverityCounts;
  taxes: Map<string, number>;
  cached?: WorkloadSummary;
}

const TROUBLE: ReadonlySet<FindingId> = new Set<FindingId>(['sidecar-crashloop', 'sidecar-oomkilled']);

/** Zero counts per severity. */
export function zeroSeverities(): SeverityCounts {
  return { critical: 0, warning: 0, info: 0 };
}

function workloadKey(namespace: string, workload: WorkloadRef): string {
  return `${namespace}/${workload.kind}/${workload.name}`;
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}

export class SummaryTotals {
  total = 0;
  readonly byPhase = new Map<string, number>();
  readonly byNamespace = new Map<string, number>();
  readonly bySeverity = zeroSeverities();
  readonly byId = new Map<FindingId, number>();
  private readonly pairs = new Map<string, { id: FindingId; severity: Severity; count: number }>();
  fleet = emptyFleet();
  private readonly workloads = new Map<string, WorkloadTotals>();
  private readonly troubled = new Map<string, Finding[]>();

  add(c: Contribution): void {
    this.apply(c, 1);
  }

  remove(c: Contribution): void {
    this.apply(c, -1);
  }

  private apply(c: Contribution, sign: 1 | -1): void {
    this.total += sign;
    bump(this.byPhase, c.phase, sign);
    bump(this.byNamespace, c.namespace, sign);
    for (const f of c.findings) {
      this.bySeverity[f.severity] += sign;
      bump(this.byId, f.id, sign);
      this.bumpPair(f.id, f.severity, sign);
    }
    this.fleet = sign > 0 ? addFleet(this.fleet, c.fleet) : subtractFleet(this.fleet, c.fleet);
    this.applyWorkload(c, sign);
    const trouble = c.findings.filter((f) => TROUBLE.has(f.id));
    if (sign > 0 && trouble.length > 0) this.troubled.set(c.uid, trouble);
    if (sign < 0) this.troubled.delete(c.uid);
  }

  /**
   * A pod counted under `namespace` and `workload` changed only its fleet share, from
   * `before` to `after` (new samples): the same figures as removing it and adding it back, without
   * going through its findings.
   */
  replaceFleet(namespace: string, workload: WorkloadRef, before: FleetShare, after: FleetShare): void {
    this.fleet = replaceInFleet(this.fleet, before, after);
    const key = workloadKey(namespace, workload);
    const w = this.workloads.get(key);
    if (!w) return;
    // A workload of one pod is dropped and made again by a removal and an addition: its share starts from zero.
    w.fleet = w.pods === 1 ? addFleet(emptyFleet(), after) : replaceInFleet(w.fleet, before, after);
    w.cached = undefined;
  }

  private bumpPair(id: FindingId, severity: Severity, by: number): void {
    const key = `${id}/${severity}`;
    const pair = this.pairs.get(key) ?? { id, severity, count: 0 };
    pair.count += by;
    if (pair.count <= 0) this.pairs.delete(key);
    else this.pairs.set(key, pair);
  }

  private applyWorkload(c: Contribution, sign: 1 | -1): void {
    const key = workloadKey(c.namespace, c.workload);
    let w = this.workloads.get(key);
    if (!w) {
      w = { namespace: c.namespace, workload: c.workload, pods: 0, fleet: emptyFleet(), findings: zeroSeverities(), taxes: new Map() };
      this.workloads.set(key, w);
    }
    w.pods += sign;
    w.fleet = sign > 0 ? addFleet(w.fleet, c.fleet) : subtractFleet(w.fleet, c.fleet);
    for (const f of c.findings) w.findings[f.severity] += sign;
    if (sign > 0 && c.startupTaxMs !== undefined) w.taxes.set(c.uid, c.startupTaxMs);
    if (sign < 0) w.taxes.delete(c.uid);
    w.cached = undefined;
    if (w.pods <= 0) this.workloads.delete(key);
  }

  /**
   * Per-workload summaries, at most `limit`: those with critical, then warning findings first, then
   * by pod count. Only changed workloads are recomputed.
   */
  workloadSummaries(limit = 500): WorkloadSummary[] {
    const out: WorkloadSummary[] = [];
    for (const w of this.workloads.values()) {
      w.cached ??= this.toWorkloadSummary(w);
      out.push(w.cached);
    }
    out.sort(
      (a, b) =>
        b.findings.critical - a.findings.critical ||
        b.findings.warning - a.findings.warning ||
        b.pods - a.pods ||
        a.namespace.localeCompare(b.namespace) ||
        a.workload.name.localeCompare(b.workload.name),
    );
    return out.slice(0, limit);
  }

  /** How many workloads have live pods. */
  workloadCount(): number {
    return this.workloads.size;
  }

  private toWorkloadSummary(w: WorkloadTotals): WorkloadSummary {
    const taxes = [...w.taxes.values()];
    const [p50, p95] = taxes.length > 0 ? percentiles(taxes, [50, 95]) : [];
    return {
      namespace: w.namespace,
      workload: w.workload,
      pods: w.pods,
      fleet: w.fleet,
      findings: { ...w.findings },
      startupTaxMs: p50 !== undefined && p95 !== undefined ? { p50, p95, samples: taxes.length } : undefined,
    };
  }

  /** Sidecars crash-looping or OOM-killed right now, at most `limit`. */
  troubledFindings(limit = 50): Finding[] {
    const out: Finding[] = [];
    for (const list of this.troubled.values()) {
      for (const f of list) {
        if (out.length >= limit) return out;
        out.push(f);
      }
    }
    return out;
  }

  /** Distinct workloads, for the facets endpoint. */
  workloadRefs(): { namespace: string; kind: string; name: string }[] {
    return [...this.workloads.values()].map((w) => ({ namespace: w.namespace, kind: w.workload.kind, name: w.workload.name }));
  }

  /** Live findings counted per id and severity (for Prometheus). */
  findingTotals(): { id: FindingId; severity: Severity; count: number }[] {
    return [...this.pairs.values()].map((p) => ({ ...p }));
  }
}
