import type { ReactNode } from 'react';
import type { Lane } from '@/lib/model/types';
import { KindBadge } from '@/components/ui/kind-badge';
import { describeStamp } from '@/components/ui/format';
import { toHistoryRows } from './restart-rows';

const MAX_ROWS = 50;

/** Every restart and termination the dashboard knows of, newest first. */
export function RestartHistory({ lanes, logFor }: { lanes: Lane[]; logFor?: (container: string) => ReactNode }) {
  const all = toHistoryRows(lanes);
  const rows = all.slice(0, MAX_ROWS);
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No container has terminated or restarted.</p>;
  const restarted = lanes.filter((lane) => lane.restartCount > 0).map((lane) => lane.container);
  return (
    <>
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
              <td colSpan={4} className="py-1 text-xs text-slate-500">
                and {all.length - rows.length} older
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      {logFor && restarted.map((container) => <div key={container}>{logFor(container)}</div>)}
    </>
  );
}
