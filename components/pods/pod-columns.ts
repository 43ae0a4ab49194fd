import type { PodSort } from '@/lib/model/contract';

/** Column layout shared by the header and every row of the pods list. */
export const POD_GRID =
  'grid grid-cols-[minmax(0,2.6fr)_minmax(0,1.1fr)_minmax(0,1.6fr)_minmax(0,1.3fr)_3.5rem_4.5rem_4.5rem_minmax(0,1.4fr)_minmax(0,1.3fr)] items-center gap-3 px-3';

export const ROW_HEIGHT = 44;
export const PAGE_SIZE = 100;

export interface PodColumn {
  label: string;
  /** Ascending sort key; descending is the same with a leading `-` where the API offers it. */
  sort?: { asc: PodSort; desc?: PodSort };
  align?: 'right';
}

export const POD_COLUMNS: PodColumn[] = [
  { label: 'Name', sort: { asc: 'name', desc: '-name' } },
  { label: 'Namespace', sort: { asc: 'namespace' } },
  { label: 'Workload' },
  { label: 'Status', sort: { asc: 'status' } },
  { label: 'Ready' },
  { label: 'Restarts', sort: { asc: 'restarts', desc: '-restarts' }, align: 'right' },
  { label: 'Age', sort: { asc: 'age', desc: '-age' }, align: 'right' },
  { label: 'Containers' },
  { label: 'Findings', sort: { asc: 'findings', desc: '-findings' } },
];
