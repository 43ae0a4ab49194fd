/**
 * Cutting a lifecycle at the periods nothing watched (see {@link WatchGap}). A state is known on
 * each side of a gap; across it, only what the kubelet reported with its own times is: a segment
 * whose both ends are `reported` (a finished run from `startedAt` to `finishedAt`) stays whole,
 * every other one is cut at the gap's edges, so the timeline shows the gap and never a state
 * nobody saw.
 */
import type { Lane, Segment, WatchGap } from '../types';
import { observed } from './stamps';

function cutSegment(segment: Segment, gaps: readonly WatchGap[], now: number): Segment[] {
  if (segment.from.source === 'reported' && segment.to?.source === 'reported') return [segment];
  const out: Segment[] = [];
  let rest: Segment | undefined = segment;
  for (const gap of gaps) {
    if (!rest) break;
    const end: number = rest.to?.at ?? now;
    if (gap.to <= rest.from.at || gap.from >= end) continue;
    if (gap.from > rest.from.at) out.push({ ...rest, to: observed(gap.from) });
    rest = gap.to < end ? { ...rest, from: observed(gap.to) } : undefined;
  }
  if (rest) out.push(rest);
  return out;
}

/** The gaps that overlap [from, to], merged and sorted. */
export function gapsWithin(gaps: readonly WatchGap[] | undefined, from: number | undefined, to: number): WatchGap[] {
  if (!gaps || gaps.length === 0 || from === undefined) return [];
  return gaps.filter((g) => g.to > from && g.from < to && g.to > g.from).sort((a, b) => a.from - b.from);
}

/** The lanes with every segment cut at the gaps (sorted, non-overlapping). */
export function cutLanesAtGaps(lanes: Lane[], gaps: readonly WatchGap[], now: number): Lane[] {
  if (gaps.length === 0) return lanes;
  return lanes.map((lane) => ({ ...lane, segments: lane.segments.flatMap((s) => cutSegment(s, gaps, now)) }));
}
