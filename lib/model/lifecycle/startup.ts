/**
 * When a pod's startup is over, when its app first ran, and whether its timeline is still
 * moving: one definition of each, read by the lifecycle's time range, the timeline's zoom and the
 * startup tax.
 */
import type { Lane } from '../types';

/**
 * True while a container can still change: some segment has no end and is not a final
 * termination. A container that terminated for good (a finished Job, a stopped pod) ends its lane;
 * one waiting, running or backing off keeps it open.
 */
export function isOngoing(lanes: readonly Lane[]): boolean {
  return lanes.some((lane) => lane.segments.some((segment) => !segment.to && segment.state !== 'terminated'));
}

/** When one container finished starting: ready, else started, else first running; undefined before it ran. */
export function startupDoneAt(lane: Lane): number | undefined {
  return (lane.readyAt ?? lane.startedAt ?? lane.firstRunningAt)?.at;
}

/**
 * The end of the pod's startup: the moment the last of its containers finished starting (see
 * {@link startupDoneAt}), where the races between sidecars and the app are over. Undefined before
 * any container ran.
 */
export function startupEnd(lanes: readonly Lane[]): number | undefined {
  const ends = lanes.map(startupDoneAt).filter((at): at is number => at !== undefined);
  return ends.length > 0 ? Math.max(...ends) : undefined;
}

/**
 * When the app first ran: the first run of the last main container to run. What the startup tax
 * measures up to (the app waits on init containers and sidecars until then); earlier than
 * {@link startupEnd}, which also waits for readiness. Undefined until every main container ran.
 */
export function appStartAt(lanes: readonly Lane[]): number | undefined {
  const mains = lanes.filter((lane) => lane.kind === 'main');
  if (mains.length === 0 || mains.some((lane) => !lane.firstRunningAt)) return undefined;
  return Math.max(...mains.map((lane) => lane.firstRunningAt?.at ?? 0));
}
