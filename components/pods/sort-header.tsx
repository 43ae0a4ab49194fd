import type { PodSort } from '@/lib/model/contract';
import type { PodColumn } from './pod-columns';

/** Cycles a column's sort: ascending, then descending (where offered), then off. */
function nextSort(column: PodColumn, current: PodSort | undefined): PodSort | undefined {
  const sort = column.sort;
  if (!sort) return current;
  if (current === sort.asc) return sort.desc;
  if (sort.desc && current === sort.desc) return undefined;
  return sort.asc;
}

export function SortHeader({ column, current, onSort }: { column: PodColumn; current?: PodSort; onSort: (sort: PodSort | undefined) => void }) {
  const align = column.align === 'right' ? 'text-right justify-end' : '';
  if (!column.sort) {
    return (
      <span role="columnheader" className={align}>
        {column.label}
      </span>
    );
  }
  const direction = current === column.sort.asc ? 'ascending' : current !== undefined && current === column.sort.desc ? 'descending' : 'none';
  return (
    <span role="columnheader" aria-sort={direction} className={`flex ${align}`}>
      <button type="button" onClick={() => onSort(nextSort(column, current))} className="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500">
        {column.label}
        <span aria-hidden>{direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}</span>
      </button>
    </span>
  );
}
