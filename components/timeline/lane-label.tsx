import type { Lane, Stamp } from '@/lib/model/types';
import { KindBadge, KIND_STYLE } from '@/components/ui/kind-badge';
import { formatOffset } from './time-scale';

function offset(stamp: Stamp | undefined, t0: number): string | undefined {
  return stamp ? formatOffset(Math.max(0, stamp.at - t0)) : undefined;
}

/** The left column of a lane: container, kind, restarts, when it started and became ready. */
export function LaneLabel({ lane, t0 }: { lane: Lane; t0: number }) {
  const started = offset(lane.startedAt, t0);
  const ready = offset(lane.readyAt, t0);
  const running = offset(lane.firstRunningAt, t0);
  return (
    <div className="flex h-9 items-center gap-2 pr-3">
      <span aria-hidden className={`h-7 w-1 shrink-0 rounded ${KIND_STYLE[lane.kind].stripe}`} />
      <div className="min-w-0 leading-tight">
        <div className="flex items-center gap-1.5">
          <span className="truncate text-sm font-medium" title={lane.image}>
            {lane.container}
          </span>
          <KindBadge kind={lane.kind} />
          {lane.restartCount > 0 && (
            <span className="text-xs text-orange-700 dark:text-orange-400" title="restarts">
              ↻{lane.restartCount}
            </span>
          )}
        </div>
        <div className="truncate text-[11px] text-slate-500 dark:text-slate-400">
          {running ? `ran ${running}` : 'never ran'}
          {started && ` · started ${started}`}
          {ready && ` · ready ${ready}`}
        </div>
      </div>
    </div>
  );
}
