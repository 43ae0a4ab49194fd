import type { EventDigest } from '@/lib/model/types';
import { formatClock, formatDateTime } from '@/components/ui/format';

/** The pod's events, oldest first, as `kubectl describe` would list them. */
export function EventsTable({ events }: { events: EventDigest[] }) {
  if (events.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No events for this pod. Kubernetes keeps events for one hour by default.</p>;
  const sorted = [...events].sort((a, b) => (a.firstAt ?? a.lastAt ?? 0) - (b.firstAt ?? b.lastAt ?? 0));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="events-table">
        <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-3 font-medium">First seen (UTC)</th>
            <th className="py-1 pr-3 font-medium">Type</th>
            <th className="py-1 pr-3 font-medium">Reason</th>
            <th className="py-1 pr-3 font-medium">Container</th>
            <th className="py-1 pr-3 text-right font-medium">Count</th>
            <th className="py-1 font-medium">Message</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {sorted.map((e, i) => (
            <tr key={e.uid ?? `${e.reason}-${i}`} className="align-top">
              <td className="py-1 pr-3 text-xs whitespace-nowrap tabular-nums">
                {formatDateTime(e.firstAt ?? e.lastAt)}
                {e.lastAt !== undefined && e.firstAt !== undefined && e.lastAt > e.firstAt && (
                  <span className="block text-slate-500">last {formatClock(e.lastAt)}</span>
                )}
              </td>
              <td className={`py-1 pr-3 ${e.type === 'Warning' ? 'text-amber-700 dark:text-amber-400' : ''}`}>{e.type}</td>
              <td className="py-1 pr-3 font-medium">{e.reason}</td>
              <td className="py-1 pr-3">{e.container ?? '—'}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{e.count}</td>
              <td className="py-1 break-words">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
