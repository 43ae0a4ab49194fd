import type { ContainerKind, Lane, Stamp } from '@/lib/model/types';
import { KindBadge } from '@/components/ui/kind-badge';
import { describeStamp } from '@/components/ui/format';

const MAX_ROWS = 50;

interface HistoryRow {
  container: string;
  kind: ContainerKind;
  at: Stamp;
  what: string;
  detail?: string;
}

/** Restarts (from the lanes' restart markers) and final terminations, per container. */
function toRows(lanes: Lane[]): HistoryRow[] {
  return lanes.flatMap((lane) => [
    ...lane.markers
      .filter((m) => m.kind === 'restart')
      .map((m) => ({ container: lane.container, kind: lane.kind, at: m.at, what: m.label, detail: m.detail })),
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
}

/** Every restart and termination the dashboard knows of, newest first. */
export function RestartHistory({ lanes }: { lanes: Lane[] }) {
  const all = toRows(lanes).sort((a, b) => b.at.at - a.at.at);
  const rows = all.slice(0, MAX_ROWS);
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No container has terminated or restarted.</p>;
  return (
    <table className="w-full text-sm" data-testid="restart-history">
      <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
        <tr>
          <th className="py-1 font-medium">Container</th>
          <th className="py-1 font-medium">When</th>
          <th className="py-1 font-medium">What</th>
          <th className="py-1 font-medium">Reason</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((row, i) => (
          <tr key={`${row.container}-${row.at.at}-${i}`}>
            <td className="py-1">
              <span className="mr-1.5 font-medium">{row.container}</span>
              <KindBadge kind={row.kind} />
            </td>
            <td className="py-1 text-xs tabular-nums">{describeStamp(row.at)}</td>
            <td className="py-1">{row.what}</td>
            <td className={`py-1 ${/oom/i.test(row.detail ?? '') ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>{row.detail ?? '—'}</td>
          </tr>
        ))}
      </tbody>
      {all.length > rows.length && (
        <tfoot>
          <tr>
            <td colSpan={4} className="py-1 text-xs text-slate-500">and {all.length - rows.length} older</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
