import Link from 'next/link';
import type { Lane } from '@/lib/model/types';
import type { ReplicaStartup } from '@/lib/model/workload-view';
import { formatDuration } from '@/components/ui/format';
import { KIND_STYLE } from '@/components/ui/kind-badge';
import { SeverityBadge } from '@/components/ui/severity-badge';
import { toPct, toSpan, toTicks, type TimeWindow } from '@/components/timeline/time-scale';
import { MARKER_GLYPH, SEGMENT_LABEL, segmentClass } from '@/components/timeline/timeline-style';
import { alignedSpanMs } from './replica-order';

const LABEL_GRID = 'grid grid-cols-[15rem_7rem_minmax(0,1fr)_5rem] items-center gap-2';

/** One container of one replica: its segments and telling markers on the shared, pod-start-aligned axis. */
function CompactLane({ lane, window, now }: { lane: Lane; window: TimeWindow; now: number }) {
  return (
    <div className="relative h-3" data-testid="compact-lane" data-container={lane.container}>
      {lane.segments.map((segment, i) => {
        const span = toSpan(window, segment.from.at, segment.to?.at ?? now);
        if (!span) return null;
        return (
          <span
            key={i}
            data-state={segment.state}
            title={`${lane.container}: ${SEGMENT_LABEL[segment.state]} from +${formatDuration(segment.from.at - window.from)}`}
            className={`absolute top-0.5 h-2 min-w-[2px] rounded-sm ${segmentClass(segment)}`}
            style={{ left: `${span.left}%`, width: `${span.width}%` }}
          />
        );
      })}
      {lane.markers.map((marker, i) =>
        marker.at.at < window.from || marker.at.at > window.to ? null : (
          <span
            key={`m${i}`}
            aria-hidden
            title={`${lane.container}: ${marker.label}`}
            className={`absolute -top-0.5 -translate-x-1/2 text-[9px] leading-3 ${MARKER_GLYPH[marker.kind].className}`}
            style={{ left: `${toPct(window, marker.at.at)}%` }}
          >
            {MARKER_GLYPH[marker.kind].glyph}
          </span>
        ),
      )}
    </div>
  );
}

function ReplicaRow({ namespace, replica, spanMs, now }: { namespace: string; replica: ReplicaStartup; spanMs: number; now: number }) {
  const window = { from: replica.t0, to: replica.t0 + spanMs };
  return (
    <li
      data-testid="replica"
      data-pod={replica.name}
      data-slow={replica.isSlow}
      data-tax-ms={replica.startupTaxMs}
      data-t0={replica.t0}
      className={`${LABEL_GRID} border-l-4 py-1.5 pl-2 ${replica.isSlow ? 'border-l-red-600 bg-red-50 dark:bg-red-950/30' : 'border-l-transparent'}`}
    >
      <div className="min-w-0 leading-tight">
        <Link
          href={`/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(replica.name)}`}
          prefetch={false}
          className={`block truncate text-sm font-medium hover:underline ${replica.deleted ? 'text-slate-400 line-through' : ''}`}
        >
          {replica.name}
        </Link>
        <span className="flex items-center gap-1 text-[11px] text-slate-500">
          {replica.isSlow && <span className="rounded bg-red-600 px-1 font-semibold text-white">slow</span>}
          {replica.deleted ? 'Deleted' : replica.status} · {replica.ready}
          {replica.restarts > 0 && <span className="text-orange-700 dark:text-orange-400">↻{replica.restarts}</span>}
          {replica.findings.critical > 0 && <SeverityBadge severity="critical" count={replica.findings.critical} compact />}
        </span>
      </div>
      <div className="space-y-px text-[10px] leading-3 text-slate-500">
        {replica.lanes.map((lane) => (
          <div key={lane.container} className="flex h-3 items-center gap-1 truncate">
            <span aria-hidden className={`h-2 w-1 shrink-0 rounded ${KIND_STYLE[lane.kind].stripe}`} />
            {lane.container}
          </div>
        ))}
      </div>
      <div className="space-y-px">
        {replica.lanes.map((lane) => (
          <CompactLane key={lane.container} lane={lane} window={window} now={now} />
        ))}
      </div>
      <div
        className={`text-right text-sm tabular-nums ${replica.isSlow ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
        title="startup tax: pod start → last main container running"
      >
        {formatDuration(replica.startupTaxMs)}
      </div>
    </li>
  );
}

/** Every replica's startup, stacked, each aligned at its own pod start on one axis. */
export function ReplicaStack({ namespace, replicas, now }: { namespace: string; replicas: ReplicaStartup[]; now: number }) {
  const spanMs = alignedSpanMs(replicas);
  const ticks = toTicks({ from: 0, to: spanMs });
  return (
    <div data-testid="replica-stack" data-span-ms={spanMs}>
      <div className={`${LABEL_GRID} pl-3 text-xs text-slate-500`}>
        <span>Replica</span>
        <span>Container</span>
        <div className="relative h-4 border-b border-slate-300 dark:border-slate-700" aria-hidden>
          {ticks.map((t) => (
            <span key={t.at} className="absolute -translate-x-1/2 tabular-nums first:translate-x-0" style={{ left: `${t.pct}%` }}>
              {t.label}
            </span>
          ))}
        </div>
        <span className="text-right">Startup tax</span>
      </div>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800">
        {replicas.map((replica) => (
          <ReplicaRow key={replica.uid} namespace={namespace} replica={replica} spanMs={spanMs} now={now} />
        ))}
      </ol>
    </div>
  );
}
