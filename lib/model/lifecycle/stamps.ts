/**
 * Times with their provenance. Status times are `reported` (one-second resolution, truncated, node
 * clock); watcher times are `observed` (1 ms, dashboard clock). Comparisons respect resolution:
 * two reported times in the same second are not ordered.
 */
import type { Stamp } from '../types';

/** A status time (`startedAt`, `finishedAt`, `lastTransitionTime`): 1000 ms resolution. */
export function reported(at: number): Stamp {
  return { at, source: 'reported', resolutionMs: 1000 };
}

/** A time the watcher saw a change: 1 ms resolution. */
export function observed(at: number): Stamp {
  return { at, source: 'observed', resolutionMs: 1 };
}

/** True only when `a` is certainly earlier than `b`, given both resolutions (times are truncated). */
export function isDefinitelyBefore(a: Stamp, b: Stamp): boolean {
  return a.at + a.resolutionMs <= b.at;
}

/**
 * A gap from `a` to `b` as people should read it: milliseconds when both are observed, whole
 * seconds when either is reported, and "not measurable at 1 s resolution" when the reported
 * seconds are equal.
 */
export function describeGap(a: Stamp, b: Stamp): string {
  const delta = b.at - a.at;
  if (a.resolutionMs === 1 && b.resolutionMs === 1) return `${Math.abs(delta)} ms`;
  if (Math.abs(delta) < Math.max(a.resolutionMs, b.resolutionMs)) return 'not measurable at 1 s resolution';
  return `${Math.round(Math.abs(delta) / 1000)} s`;
}

/** ISO text of a stamp with its provenance, for evidence: `2024-07-19T13:38:03Z (reported, 1 s)`. */
export function describeStamp(stamp: Stamp): string {
  const iso = new Date(stamp.at).toISOString();
  const text = stamp.resolutionMs >= 1000 ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
  return `${text} (${stamp.source}, ${stamp.resolutionMs >= 1000 ? '1 s' : '1 ms'})`;
}
