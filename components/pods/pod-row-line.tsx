import Link from 'next/link';
import { withAt } from '@/lib/client/time-travel';
import type { PodRow } from '@/lib/model/views';
import type { ContainerKind } from '@/lib/model/types';
import { KIND_LABEL, KIND_STYLE } from '@/components/ui/kind-badge';
import { SeverityBadge } from '@/components/ui/severity-badge';
import { formatDuration } from '@/components/ui/format';
import { workloadPagePath } from '@/lib/client/app-paths';
import { POD_GRID } from './pod-columns';

const KIND_ORDER: ContainerKind[] = ['init', 'native-sidecar', 'legacy-sidecar', 'main'];

function ContainerKinds({ containers }: { containers: PodRow['containers'] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {KIND_ORDER.map((kind) => {
        const count = containers.filter((c) => c.kind === kind).length;
        if (count === 0) return null;
        return (
          <span key={kind} title={`${count} ${KIND_LABEL[kind]}`} className={`rounded px-1 text-xs ${KIND_STYLE[kind].badge}`}>
            {count} {kind === 'native-sidecar' ? 'native' : kind === 'legacy-sidecar' ? 'legacy' : kind}
          </span>
        );
      })}
    </span>
  );
}

function statusTone(row: PodRow): string {
  if (row.deleted) return 'text-slate-400 line-through';
  if (/crash|error|oom|backoff|failed/i.test(row.status)) return 'text-red-700 dark:text-red-400';
  if (/^init:|pending|initializ|creating|terminating/i.test(row.status)) return 'text-amber-700 dark:text-amber-400';
  return '';
}

/** One line of the pods list. `now` is passed in so every row agrees on ages. */
export function PodRowLine({ row, now, at, selected = false }: { row: PodRow; now: number; at?: number; selected?: boolean }) {
  // A deleted incarnation opens by uid (the name may live on in a newer pod); a past list keeps its moment.
  const href = withAt(`/pods/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`, at, { uid: row.deleted ? row.uid : undefined });
  return (
    <div
      role="row"
      aria-selected={selected}
      data-selected={selected}
      data-testid="pod-row"
      data-pod={`${row.namespace}/${row.name}`}
      className={`${POD_GRID} h-full text-sm ${selected ? 'bg-sky-50 ring-2 ring-inset ring-sky-500 dark:bg-sky-950/40' : ''}`}
    >
      <span role="cell" className="truncate">
        <Link href={href} prefetch={false} className="font-medium hover:underline">
          {row.name}
        </Link>
      </span>
      <span role="cell" className="truncate">
        {row.namespace}
      </span>
      <span role="cell" className="truncate" title={`${row.workload.kind}/${row.workload.name}`}>
        <Link href={workloadPagePath(row.namespace, row.workload)} prefetch={false} className="hover:underline" data-testid="pod-workload">
          <span className="text-xs text-slate-500">{row.workload.kind}/</span>
          {row.workload.name}
        </Link>
      </span>
      <span role="cell" className={`truncate ${statusTone(row)}`} data-testid="pod-status">
        {row.deleted ? 'Deleted' : row.status}
      </span>
      <span role="cell" className="tabular-nums">
        {row.ready}
      </span>
      <span role="cell" className="text-right tabular-nums">
        {row.restarts}
      </span>
      <span role="cell" className="text-right tabular-nums">
        {row.createdAt ? formatDuration(now - row.createdAt) : '—'}
      </span>
      <span role="cell">
        <ContainerKinds containers={row.containers} />
      </span>
      <span role="cell" className="flex gap-1">
        {(['critical', 'warning', 'info'] as const).map((s) =>
          row.findings[s] > 0 ? <SeverityBadge key={s} severity={s} count={row.findings[s]} compact /> : null,
        )}
      </span>
    </div>
  );
}

/** Placeholder while the page holding this row loads. */
export function PodRowPlaceholder() {
  return (
    <div role="row" className={`${POD_GRID} h-full`}>
      <span role="cell" className="h-3 w-2/3 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
