/**
 * Startup and shutdown order of a pod's containers, from their lanes.
 */
import type { DeletionRequest, Lane, PodDigest, PodObservations, ShutdownStep } from '../types';

/**
 * The pod's deletion as first requested: the first one observed when there is one, else the
 * snapshot's own. The kubelet's final grace-0 delete makes the API server rewrite
 * `deletionTimestamp` to now and `deletionGracePeriodSeconds` to 0 (`BeforeDelete`,
 * https://github.com/kubernetes/apiserver/blob/v0.34.4/pkg/registry/rest/delete.go), so the
 * DELETED object alone would hide the real deadline.
 */
export function deletionOf(pod: PodDigest, observations?: PodObservations): DeletionRequest | undefined {
  if (observations?.firstDeletion) return observations.firstDeletion;
  if (pod.deletedAt === undefined) return undefined;
  return { deadline: pod.deletedAt, gracePeriodSeconds: pod.deletionGracePeriodSeconds ?? pod.terminationGracePeriodSeconds };
}

/**
 * When deletion was requested: `metadata.deletionTimestamp` is the deadline (request + grace
 * period), so the request is that minus `deletionGracePeriodSeconds` (of the first request seen).
 */
export function deletionRequestedAt(pod: PodDigest, observations?: PodObservations): number | undefined {
  const deletion = deletionOf(pod, observations);
  return deletion ? deletion.deadline - deletion.gracePeriodSeconds * 1000 : undefined;
}

/** Containers in the order they first ran; equal times keep declaration order. */
export function toStartupOrder(lanes: readonly Lane[]): string[] {
  return lanes
    .map((lane, index) => ({ lane, index }))
    .filter(({ lane }) => lane.firstRunningAt !== undefined)
    .sort((a, b) => (a.lane.firstRunningAt?.at ?? 0) - (b.lane.firstRunningAt?.at ?? 0) || a.index - b.index)
    .map(({ lane }) => lane.container);
}

function isShuttingDown(pod: PodDigest): boolean {
  if (pod.deletedAt !== undefined) return true;
  const longRunning = pod.containers.filter((container) => container.kind !== 'init');
  if (longRunning.length === 0) return false;
  return longRunning.every((container) => pod.statuses[container.name]?.state.state === 'terminated');
}

/** When the watcher saw the container terminate: an observed time, or for untimed streams the snapshot number. */
function observedFinish(observations: PodObservations | undefined, container: string, after: number): number | undefined {
  const seen = observations?.transitions.find((transition) => transition.kind === 'terminated' && transition.container === container && transition.at >= after);
  if (!seen) return undefined;
  return seen.untimed ? seen.snapshot : seen.at;
}

interface Candidate {
  step: ShutdownStep;
  index: number;
  /** Observed ms, or the snapshot number when the observations are untimed (never mixed within one pod). */
  observedAt?: number;
}

function compare(a: Candidate, b: Candidate): number {
  const aAt = a.step.finishedAt?.at ?? Infinity;
  const bAt = b.step.finishedAt?.at ?? Infinity;
  if (aAt !== bAt) return aAt - bAt;
  if (a.observedAt !== undefined && b.observedAt !== undefined && a.observedAt !== b.observedAt) return a.observedAt - b.observedAt;
  return a.index - b.index;
}

/**
 * Present once the pod has a deletion timestamp or every long-running container has terminated:
 * containers (plain init containers that completed are left out) in the order they finished, by
 * reported `finishedAt`; within one second by observed time when both were seen (or, for an
 * untimed stream read from a file, by the snapshot that showed it), else in declaration order
 * with `tiedWithPrevious` set. Containers still running come last.
 */
export function toShutdownOrder(pod: PodDigest, observations: PodObservations | undefined): ShutdownStep[] | undefined {
  if (!isShuttingDown(pod)) return undefined;
  const candidates: Candidate[] = [];
  pod.containers.forEach((container, index) => {
    const state = pod.statuses[container.name]?.state;
    if (container.kind === 'init' && state?.state !== 'running') return;
    const step: ShutdownStep = { container: container.name, kind: container.kind };
    if (state?.state === 'terminated') {
      if (state.finishedAt !== undefined) step.finishedAt = { at: state.finishedAt, source: 'reported', resolutionMs: 1000 };
      if (state.exitCode !== undefined) step.exitCode = state.exitCode;
      if (state.reason !== undefined) step.reason = state.reason;
    }
    const seen = step.finishedAt ? observedFinish(observations, container.name, step.finishedAt.at) : undefined;
    candidates.push({ step, index, ...(seen === undefined ? {} : { observedAt: seen }) });
  });
  const sorted = candidates.sort(compare);
  return sorted.map((candidate, position) => {
    const previous = sorted[position - 1];
    const tied =
      previous?.step.finishedAt !== undefined &&
      candidate.step.finishedAt?.at === previous.step.finishedAt.at &&
      (candidate.observedAt === undefined || previous.observedAt === undefined || candidate.observedAt === previous.observedAt);
    return tied ? { ...candidate.step, tiedWithPrevious: true } : candidate.step;
  });
}
