/** Order and time axis of the stacked replicas. Pure; the sort key lives in the page URL. */
import type { Lane } from '@/lib/model/types';
import type { ReplicaStartup } from '@/lib/model/workload-view';

export const REPLICA_SORTS = ['tax', 'name', 'newest'] as const;
export type ReplicaSort = (typeof REPLICA_SORTS)[number];

export const SORT_LABEL: Record<ReplicaSort, string> = { tax: 'Startup tax', name: 'Name', newest: 'Newest' };

/** The sort in `?sort=`; startup tax (slowest first) when absent or unknown. */
export function parseReplicaSort(value: string | null | undefined): ReplicaSort {
  return REPLICA_SORTS.find((s) => s === value) ?? 'tax';
}

/** Slowest first, by name, or newest pod first; ties by name. */
export function sortReplicas(replicas: readonly ReplicaStartup[], sort: ReplicaSort): ReplicaStartup[] {
  const byName = (a: ReplicaStartup, b: ReplicaStartup) => a.name.localeCompare(b.name);
  const compare: Record<ReplicaSort, (a: ReplicaStartup, b: ReplicaStartup) => number> = {
    tax: (a, b) => (b.startupTaxMs ?? -1) - (a.startupTaxMs ?? -1) || byName(a, b),
    name: byName,
    newest: (a, b) => b.t0 - a.t0 || byName(a, b),
  };
  return [...replicas].sort(compare[sort]);
}

function startupEndOf(lanes: readonly Lane[]): number | undefined {
  const ends = lanes.map((l) => (l.readyAt ?? l.startedAt ?? l.firstRunningAt)?.at).filter((at): at is number => at !== undefined);
  return ends.length > 0 ? Math.max(...ends) : undefined;
}

/**
 * How much time after pod start the shared axis shows: the slowest replica's startup (the last
 * container ready, started or running), plus a quarter, at least 2 s.
 */
export function alignedSpanMs(replicas: readonly ReplicaStartup[]): number {
  const spans = replicas.map((r) => {
    const end = startupEndOf(r.lanes);
    return end === undefined ? 0 : end - r.t0;
  });
  return Math.max(2_000, Math.ceil(Math.max(0, ...spans) * 1.25));
}
