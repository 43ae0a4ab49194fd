import type { Lane } from '@/lib/model/types';
import { KindBadge } from '@/components/ui/kind-badge';
import { describeStamp, formatDuration } from '@/components/ui/format';

/** Every termination the dashboard knows of, per container, newest first. */
export function RestartHistory({ lanes }: { lanes: Lane[] }) {
  const rows = lanes.flatMap((lane) =>
    lane.segments
      .filter((s) => s.state === 'terminated')
      .map((s) => ({ lane, segment: s })),
  );
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No container has terminated or restarted.</p>;
  rows.sort((a, b) => b.segment.from.at - a.segment.from.at);
  return (
    <table className="w-full text-sm" data-testid="restart-history">
      <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
        <tr>
          <th className="py-1 font-medium">Container</th>
          <th className="py-1 font-medium">Terminated</th>
          <th className="py-1 font-medium">Reason</th>
          <th className="py-1 text-right font-medium">Exit code</th>
          <th className="py-1 text-right font-medium">Down for</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map(({ lane, segment }) => (
          <tr key={`${lane.container}-${segment.from.at}`}>
            <td className="py-1">
              <span className="mr-1.5 font-medium">{lane.container}</span>
              <KindBadge kind={lane.kind} />
            </td>
            <td className="py-1 text-xs tabular-nums">{describeStamp(segment.from)}</td>
            <td className={`py-1 ${/oom/i.test(segment.reason ?? '') ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>{segment.reason ?? '—'}</td>
            <td className="py-1 text-right tabular-nums">{segment.exitCode ?? '—'}</td>
            <td className="py-1 text-right tabular-nums">{segment.to ? formatDuration(segment.to.at - segment.from.at) : 'still down'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
