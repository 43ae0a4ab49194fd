/** Which stretch of a pod's life the swimlanes show: its whole life, or its startup. */
import { isOngoing, startupEnd } from '@/lib/model/lifecycle/startup';
import type { Lane, PodLifecycle } from '@/lib/model/types';
import { toWindow, type TimeWindow } from './time-scale';

export type Zoom = 'all' | 'startup';

/** Shown after the startup ends, so what happened right after (the app failing) is in view. */
const STARTUP_MARGIN_MS = 3_000;

/**
 * The window to draw at `now`. Containers still running or waiting stretch it to `now`; stopped
 * ones do not, so a finished pod keeps its own span.
 */
export function toViewWindow(lifecycle: PodLifecycle, now: number, zoom: Zoom): TimeWindow | undefined {
  if (lifecycle.from === undefined) return undefined;
  const to = Math.max(lifecycle.to ?? lifecycle.from, isOngoing(lifecycle.lanes) ? now : 0);
  const end = zoom === 'startup' ? startupEnd(lifecycle.lanes) : undefined;
  if (end !== undefined && end < to) {
    const margin = Math.max((end - lifecycle.from) * 0.25, STARTUP_MARGIN_MS);
    return toWindow(lifecycle.from, Math.min(to, end + margin), 2_000);
  }
  return toWindow(lifecycle.from, to);
}

/** True when a container restarted, or stopped or changed state well after the startup. */
function hasLaterHistory(lanes: Lane[], after: number): boolean {
  return lanes.some((l) => l.restartCount > 0 || l.segments.some((s) => s.from.at > after + STARTUP_MARGIN_MS));
}

/**
 * A long-lived pod whose containers have been steady since they started opens on its startup,
 * where the races are; one that restarted or stopped later opens on its whole life.
 */
export function defaultZoom(lifecycle: PodLifecycle, now: number): Zoom {
  const end = startupEnd(lifecycle.lanes);
  const whole = toViewWindow(lifecycle, now, 'all');
  if (end === undefined || !whole || hasLaterHistory(lifecycle.lanes, end)) return 'all';
  return whole.to - whole.from > 4 * (end - whole.from) ? 'startup' : 'all';
}
