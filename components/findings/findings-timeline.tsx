import Link from 'next/link';
import type { FindingsTimeline as Timeline } from '@/lib/model/history-views';
import type { Severity } from '@/lib/model/types';
import { withAt } from '@/lib/client/time-travel';
import { formatDateTime, formatDuration } from '@/components/ui/format';
import { GapBands } from '@/components/timeline/gap-bands';
import { toPct, toSpan } from '@/components/timeline/time-scale';
import { capRows, toTimelineGroups } from './timeline-rows';

const BAR: Record<Severity, string> = { critical: 'bg-red-600', warning: 'bg-amber-500', info: 'bg-sky-500' };
const MAX_ROWS = 120;

/**
 * When each finding was raised and cleared, per workload: one row per pod and finding, a bar per
 * time it held (open bars run to the end of the window), hatched where nothing watched. A row's
 * label opens the pod as it was when the finding was first raised.
 */
export function FindingsTimeline({ timeline, at }: { timeline: Timeline; at?: number }) {
  const window = { from: timeline.from, to: timeline.to };
  const { groups, cut } = capRows(toTimelineGroups(timeline.spans), MAX_ROWS);
  if (groups.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No finding was open between {formatDateTime(timeline.from)} and {formatDateTime(timeline.to)} UTC.
      </p>
    );
  return (
    <div data-testid="findings-timeline" className="text-sm">
      <div className="grid grid-cols-[18rem_minmax(0,1fr)] text-[10px] text-slate-500">
        <span />
        <div className="flex justify-between border-b border-slate-300 pb-1 tabular-nums dark:border-slate-700">
          <span>{formatDateTime(timeline.from)} UTC</span>
          <span>{formatDateTime(timeline.to)} UTC</span>
        </div>
      </div>
      {groups.map((group) => {
        const rows = group.rows;
        return (
          <div key={group.key} role="group" aria-label={group.title} className="grid grid-cols-[18rem_minmax(0,1fr)]">
            <p className="col-span-2 mt-2 text-xs font-semibold text-slate-700 dark:text-slate-300">{group.title}</p>
            {rows.map((row) => (
              <div key={row.key} data-testid="finding-span-row" data-pod={`${row.namespace}/${row.pod}`} className="contents">
                <Link
                  href={withAt(`/pods/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.pod)}`, row.bars[0]?.from, { uid: row.uid })}
                  prefetch={false}
                  className="truncate py-1 pr-2 text-xs hover:underline"
                  title={row.label}
                >
                  {row.label}
                </Link>
                <div className="relative h-6 border-b border-slate-100 dark:border-slate-800">
                  <GapBands gaps={timeline.gaps} window={window} />
                  {row.bars.map((bar) => {
                    const span = toSpan(window, Math.max(bar.from, window.from), Math.min(bar.to ?? window.to, window.to));
                    if (!span) return null;
                    const text = `${bar.message}: raised ${formatDateTime(bar.from)} UTC, ${bar.to === undefined ? 'still open' : `cleared ${formatDateTime(bar.to)} UTC after ${formatDuration(bar.to - bar.from)}`}`;
                    return (
                      <span
                        key={bar.from}
                        data-testid="finding-span"
                        role="img"
                        aria-label={text}
                        title={text}
                        className={`absolute top-1.5 h-3 min-w-[3px] rounded-sm ${BAR[row.severity]}`}
                        style={{ left: `${span.left}%`, width: `${span.width}%` }}
                      />
                    );
                  })}
                  {at !== undefined && <span aria-hidden className="absolute inset-y-0 border-l-2 border-sky-600" style={{ left: `${toPct(window, at)}%` }} />}
                </div>
              </div>
            ))}
          </div>
        );
      })}
      {cut || timeline.truncated ? <p className="mt-2 text-xs text-slate-500">More findings than shown; narrow the window or open a workload.</p> : null}
    </div>
  );
}
