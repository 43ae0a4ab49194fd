/** The rows of a pod's restart history, read from its lanes. */
import type { ContainerKind, Lane, Stamp } from '@/lib/model/types';

export interface HistoryRow {
  container: string;
  kind: ContainerKind;
  at: Stamp;
  what: string;
  detail?: string;
}

/** Restarts (the lanes' restart markers) and terminations, newest first. */
export function toHistoryRows(lanes: Lane[]): HistoryRow[] {
  const rows = lanes.flatMap((lane) => [
    ...lane.markers.filter((m) => m.kind === 'restart').map((m) => ({ container: lane.container, kind: lane.kind, at: m.at, what: m.label, detail: m.detail })),
    ...lane.segments
      .filter((s) => s.state === 'terminated')
      .map((s) => ({
        container: lane.container,
        kind: lane.kind,
        at: s.from,
        what: s.to ? 'terminated' : 'terminated (not restarted)',
        detail: [s.reason, s.exitCode !== undefined ? `exit ${s.exitCode}` : undefined].filter(Boolean).join(', ') || undefined,
      })),
  ]);
  return rows.sort((a, b) => b.at.at - a.at.at);
}
