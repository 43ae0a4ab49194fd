import type { WatchGap } from '@/lib/model/types';
import { formatDateTime, formatDuration } from '@/components/ui/format';
import { toSpan, type TimeWindow } from './time-scale';

const REASON: Record<WatchGap['reason'], string> = {
  'process-down': 'Sidecarscope was not running',
  'watch-cut': 'the watch was cut',
  stale: 'the cluster was unreachable (stale)',
  'history-paused': 'history writes were paused',
};

/** What a gap means, in one line. */
export function describeWatchGap(gap: WatchGap): string {
  return `Nothing watched for ${formatDuration(gap.to - gap.from)} (${REASON[gap.reason]}), ${formatDateTime(gap.from)} to ${formatDateTime(gap.to)} UTC: no state is shown there`;
}

/** Hatched bands over a lane where nothing watched: the timeline says "unknown" instead of bridging. */
export function GapBands({ gaps, window }: { gaps: readonly WatchGap[]; window: TimeWindow }) {
  return (
    <>
      {gaps.map((gap) => {
        const span = toSpan(window, gap.from, gap.to);
        if (!span) return null;
        return (
          <div
            key={`${gap.from}-${gap.reason}`}
            data-testid="gap"
            data-reason={gap.reason}
            role="img"
            aria-label={describeWatchGap(gap)}
            title={describeWatchGap(gap)}
            className="absolute inset-y-0 z-[2] border-x border-dashed border-slate-400 bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(100,116,139,0.25)_4px,rgba(100,116,139,0.25)_8px)] dark:border-slate-500"
            style={{ left: `${span.left}%`, width: `${span.width}%` }}
          />
        );
      })}
    </>
  );
}
