/**
 * The findings timeline's rows: spans grouped by workload, one row per pod and finding (a finding
 * raised and cleared several times is one row with several bars). Pure.
 */
import type { FindingSpanView } from '@/lib/model/history-views';
import type { Severity } from '@/lib/model/types';

export interface TimelineRow {
  key: string;
  uid: string;
  namespace: string;
  pod: string;
  label: string;
  severity: Severity;
  bars: { from: number; to?: number; message: string }[];
}

export interface TimelineGroup {
  key: string;
  title: string;
  rows: TimelineRow[];
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Groups by workload (most severe first, then by name), rows by first raise. */
export function toTimelineGroups(spans: readonly FindingSpanView[]): TimelineGroup[] {
  const groups = new Map<string, TimelineGroup & { rank: number }>();
  const rows = new Map<string, TimelineRow>();
  for (const span of spans) {
    const groupKey = `${span.namespace}/${span.workload.kind}/${span.workload.name}`;
    const group = groups.get(groupKey) ?? { key: groupKey, title: `${span.namespace} · ${span.workload.kind}/${span.workload.name}`, rows: [], rank: 3 };
    group.rank = Math.min(group.rank, RANK[span.severity]);
    groups.set(groupKey, group);
    const rowKey = `${span.uid}/${span.id}/${span.container ?? ''}`;
    let row = rows.get(rowKey);
    if (!row) {
      row = {
        key: rowKey,
        uid: span.uid,
        namespace: span.namespace,
        pod: span.pod,
        label: `${span.pod} · ${span.id}${span.container ? ` (${span.container})` : ''}`,
        severity: span.severity,
        bars: [],
      };
      rows.set(rowKey, row);
      group.rows.push(row);
    }
    row.bars.push({ from: span.raisedAt, ...(span.clearedAt === undefined ? {} : { to: span.clearedAt }), message: span.message });
  }
  return [...groups.values()].sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title)).map(({ key, title, rows: r }) => ({ key, title, rows: r }));
}

/** The first `max` rows, in group order; `cut` when some were left out. */
export function capRows(groups: readonly TimelineGroup[], max: number): { groups: TimelineGroup[]; cut: boolean } {
  const out: TimelineGroup[] = [];
  let left = max;
  for (const group of groups) {
    if (left <= 0) return { groups: out, cut: true };
    const rows = group.rows.slice(0, left);
    left -= rows.length;
    out.push({ ...group, rows });
    if (rows.length < group.rows.length) return { groups: out, cut: true };
  }
  return { groups: out, cut: false };
}
