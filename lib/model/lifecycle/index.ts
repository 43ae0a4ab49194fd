/**
 * `deriveLifecycle`: one pod's containers as lanes on a timeline, with the provenance of every
 * time (reported by status at 1 s, or observed by the watcher at 1 ms).
 *
 * Semantics follow the kubelet's sidecar handling (KEP-753), e.g.
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/kubelet/kuberuntime/kuberuntime_container.go
 * (`computeInitContainerActions`): a native sidecar gates the next container once *started*;
 * readiness gates nothing but the pod's Ready condition.
 */
import type { EventDigest, Lane, Marker, PodDigest, PodLifecycle, PodObservations, Stamp, WatchGap } from '../types';
import { cutLanesAtGaps, gapsWithin } from './gaps';
import { eventMarker, podMarkers, runMarkers } from './markers';
import { deletionRequestedAt, toShutdownOrder, toStartupOrder } from './order';
import { collectRuns } from './runs';
import { toSegments } from './segments';
import { isOngoing } from './startup';
import { observed, reported } from './stamps';

export { deletionOf, deletionRequestedAt } from './order';
export { collectRuns, type Run } from './runs';
export { appStartAt, isOngoing, startupDoneAt, startupEnd } from './startup';
export { describeGap, describeStamp, isDefinitelyBefore, observed as observedStamp, reported as reportedStamp } from './stamps';

export interface LifecycleInput {
  pod: PodDigest;
  observations?: PodObservations;
  events?: EventDigest[];
  /** Epoch ms to judge "now" by. */
  now: number;
  /** Periods nothing watched (from the history store): segments are cut there, never bridged. */
  gaps?: readonly WatchGap[];
}

function waitingSince(pod: PodDigest, observations: PodObservations | undefined, container: string): Stamp | undefined {
  const seen = observations?.transitions.find((transition) => transition.container === container && transition.kind === 'waiting' && !transition.untimed);
  if (pod.startTime !== undefined) return reported(pod.startTime);
  return seen ? observed(seen.at) : undefined;
}

function toLane(pod: PodDigest, index: number, observations: PodObservations | undefined, events: readonly EventDigest[]): Lane | undefined {
  const spec = pod.containers[index];
  if (!spec) return undefined;
  const status = pod.statuses[spec.name];
  const runs = status ? collectRuns(spec, status, observations?.terminations ?? [], observations?.transitions ?? []) : [];
  const markers: Marker[] = runMarkers(runs, status?.restartCount ?? 0);
  for (const event of events) {
    const marker = event.container === spec.name ? eventMarker(event) : undefined;
    if (marker) markers.push(marker);
  }
  const first = runs.find((run) => run.startedAt !== undefined);
  const lane: Lane = {
    container: spec.name,
    kind: spec.kind,
    image: spec.image,
    segments: toSegments(runs, status, waitingSince(pod, observations, spec.name), observations?.firstSeenAt),
    markers: markers.sort((a, b) => a.at.at - b.at.at),
    restartCount: status?.restartCount ?? 0,
  };
  if (spec.signal) lane.signal = spec.signal;
  if (first?.startedAt) lane.firstRunningAt = first.startedAt;
  const started = runs.find((run) => run.started)?.started;
  const ready = runs.find((run) => run.ready)?.ready;
  if (started) lane.startedAt = started;
  if (ready) lane.readyAt = ready;
  return lane;
}

function timeRange(
  lanes: readonly Lane[],
  markers: readonly Marker[],
  pod: PodDigest,
  observations: PodObservations | undefined,
  now: number,
): { from?: number; to?: number } {
  const times: number[] = markers.map((marker) => marker.at.at);
  for (const lane of lanes) {
    for (const segment of lane.segments) times.push(segment.from.at, ...(segment.to ? [segment.to.at] : []));
    for (const marker of lane.markers) times.push(marker.at.at);
  }
  const requested = deletionRequestedAt(pod, observations);
  if (requested !== undefined) times.push(requested);
  if (times.length === 0) return {};
  const latest = Math.max(...times);
  return { from: Math.min(...times), to: isOngoing(lanes) ? Math.max(latest, now) : latest };
}

/**
 * One lane per container in declaration order (init containers first), pod-level markers, the
 * startup order, and the shutdown order once the pod is terminating or finished. Reported status
 * times are preferred where status has them; observed times fill what status never timestamps
 * (`started`, `ready`). Never throws on partial data: a container without status gets an empty
 * lane.
 */
export function deriveLifecycle(input: LifecycleInput): PodLifecycle {
  const { pod, observations, now } = input;
  const events = input.events ?? [];
  const whole = pod.containers.flatMap((_, index) => toLane(pod, index, observations, events) ?? []);
  const markers = podMarkers(pod, observations, events);
  const range = timeRange(whole, markers, pod, observations, now);
  // A pod's life runs until it was deleted, or now: a gap within it counts even when no lane moved.
  const end = observations?.transitions.find((t) => t.kind === 'deleted')?.at ?? now;
  const gaps = gapsWithin(input.gaps, range.from, end);
  const lanes = cutLanesAtGaps(whole, gaps, now);
  const lifecycle: PodLifecycle = {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    lanes,
    markers,
    ...range,
    startupOrder: toStartupOrder(whole),
  };
  if (gaps.length > 0) lifecycle.gaps = gaps;
  const shutdownOrder = toShutdownOrder(pod, observations);
  if (shutdownOrder) lifecycle.shutdownOrder = shutdownOrder;
  return lifecycle;
}
