/**
 * A container's runs as timeline segments: waiting before the first run, running → started →
 * ready within each run, back-off between runs, and the final state after the last one.
 */
import type { ContainerStatusDigest, Segment, SegmentState, Stamp } from '../types';
import type { Run } from './runs';

/**
 * True when the last state drawn for a run claims more than anyone saw: the run began before the
 * watch (or nothing watched at all), and it either ended short of `ready` (it may have become
 * started or ready unseen) or is running with status saying it got further than any observed flip.
 */
function isTailUnobserved(run: Run, start: Stamp, status: ContainerStatusDigest | undefined, watchedFrom: number | undefined): boolean {
  if (watchedFrom !== undefined && start.at >= watchedFrom) return false;
  if (!run.ongoing) return !run.ready;
  return (status?.ready === true && !run.ready) || (status?.started === true && !run.started);
}

function runSegments(run: Run, status: ContainerStatusDigest | undefined, watchedFrom: number | undefined): Segment[] {
  const start = run.startedAt ?? run.finishedAt;
  if (!start) return [];
  const points: { state: SegmentState; at: Stamp }[] = [{ state: 'running', at: start }];
  if (run.started) points.push({ state: 'started', at: run.started });
  if (run.ready) points.push({ state: 'ready', at: run.ready });
  const kept = points.filter((point, index) => {
    const next = points[index + 1];
    return !next || next.at.at > point.at.at;
  });
  const tail = kept.at(-1);
  if (tail && isTailUnobserved(run, start, status, watchedFrom)) tail.state = 'unobserved';
  return kept.map((point, index) => {
    const next = kept[index + 1];
    const to = next?.at ?? run.finishedAt;
    return { state: point.state, from: index === 0 ? start : point.at, ...(to ? { to } : {}) };
  });
}

function gapSegment(previous: Run, next: Run): Segment | undefined {
  const from = previous.finishedAt;
  const to = next.startedAt ?? next.finishedAt;
  if (!from || !to || to.at <= from.at) return undefined;
  return { state: 'backoff', from, to, reason: 'restarting' };
}

function tailSegment(last: Run, status: ContainerStatusDigest): Segment | undefined {
  if (last.ongoing || !last.finishedAt) return undefined;
  const { state } = status;
  if (state.state === 'terminated') {
    return {
      state: 'terminated',
      from: last.finishedAt,
      ...(last.reason === undefined ? {} : { reason: last.reason }),
      ...(last.exitCode === undefined ? {} : { exitCode: last.exitCode }),
    };
  }
  const reason = state.state === 'waiting' ? state.reason : undefined;
  return { state: 'backoff', from: last.finishedAt, ...(reason === undefined ? {} : { reason }) };
}

/**
 * A segment never ends before it starts. Mixed clocks make that possible otherwise: `ready` seen
 * by the watcher at 10.7 s ends at a `finishedAt` the kubelet reported floored to 10 s.
 */
function clamped(segment: Segment): Segment {
  return segment.to && segment.to.at < segment.from.at ? { ...segment, to: segment.from } : segment;
}

/**
 * Segments of one lane, in time order; none ends before it starts. `waitingFrom` is when the
 * container could first have been waiting (the pod's start, or when the watcher first saw it
 * waiting); `watchedFrom` when a watcher first saw the pod (absent: a single snapshot).
 */
export function toSegments(runs: readonly Run[], status: ContainerStatusDigest | undefined, waitingFrom: Stamp | undefined, watchedFrom?: number): Segment[] {
  const segments: Segment[] = [];
  const first = runs[0];
  const firstStart = first?.startedAt ?? first?.finishedAt;
  if (waitingFrom && (!firstStart || firstStart.at > waitingFrom.at)) {
    const reason = status?.state.state === 'waiting' ? status.state.reason : undefined;
    segments.push({ state: 'waiting', from: waitingFrom, ...(firstStart ? { to: firstStart } : {}), ...(reason && !firstStart ? { reason } : {}) });
  }
  runs.forEach((run, index) => {
    const previous = runs[index - 1];
    const gap = previous ? gapSegment(previous, run) : undefined;
    if (gap) segments.push(gap);
    segments.push(...runSegments(run, status, watchedFrom));
  });
  const last = runs.at(-1);
  const tail = last && status ? tailSegment(last, status) : undefined;
  if (tail) segments.push(tail);
  return segments.map(clamped);
}
