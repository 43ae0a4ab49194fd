/**
 * What a watcher learns about a pod between snapshots: the `started`/`ready` flips that status
 * never timestamps, state changes, restarts and every termination (status keeps only the last one
 * in `lastState`). A pure reducer, applied to every watch event, bounded per pod.
 */
import { diffContainer, terminationsOf } from './observe-container';
import type { DeletionRequest, ObservedTransition, PodConditionDigest, PodDigest, PodObservations, TerminationRecord } from './types';

/** Bounds of one pod's observations; the oldest entries are dropped first. */
export interface ObservationLimits {
  maxTransitions?: number;
  maxTerminations?: number;
}

export const DEFAULT_MAX_TRANSITIONS = 200;
export const DEFAULT_MAX_TERMINATIONS = 50;

/** A transition before its time is known: `observePod` stamps it with the observation time. */
export type PendingTransition = Omit<ObservedTransition, 'at' | 'untimed'> & { reportedAt?: number };

function emptyObservations(): PodObservations {
  return { transitions: [], terminations: [] };
}

function latestReportedTime(pod: PodDigest): number | undefined {
  const times: number[] = [];
  for (const value of [pod.createdAt, pod.startTime, pod.deletedAt]) if (value !== undefined) times.push(value);
  for (const condition of pod.conditions) if (condition.lastTransitionTime !== undefined) times.push(condition.lastTransitionTime);
  for (const status of Object.values(pod.statuses)) {
    const { state } = status;
    if (state.state === 'running' && state.startedAt !== undefined) times.push(state.startedAt);
    if (state.state === 'terminated' && state.finishedAt !== undefined) times.push(state.finishedAt);
  }
  return times.length > 0 ? Math.max(...times) : undefined;
}

function conditionKey(condition: PodConditionDigest): string {
  return `${condition.type}=${condition.status}`;
}

function diffPod(before: PodDigest, after: PodDigest): PendingTransition[] {
  const pending: PendingTransition[] = [];
  if (before.phase !== after.phase) pending.push({ kind: 'phase', detail: after.phase });
  const previous = new Map(before.conditions.map((condition) => [condition.type, condition.status]));
  for (const condition of after.conditions) {
    if (previous.get(condition.type) === condition.status) continue;
    const kind = condition.type === 'PodScheduled' && condition.status === 'True' ? 'scheduled' : 'condition';
    pending.push({ kind, detail: conditionKey(condition), reportedAt: condition.lastTransitionTime });
  }
  if (before.deletedAt === undefined && after.deletedAt !== undefined) {
    pending.push({
      kind: 'deleting',
      reportedAt: after.deletedAt,
      detail: `grace ${after.deletionGracePeriodSeconds ?? after.terminationGracePeriodSeconds}s`,
    });
  }
  for (const container of after.containers) {
    const next = after.statuses[container.name];
    if (next) pending.push(...diffContainer(container.name, before.statuses[container.name], next));
  }
  return pending;
}

function stamp(pending: PendingTransition, observedAt: number | undefined, fallbackAt: number, snapshot: number): ObservedTransition {
  const { reportedAt, ...rest } = pending;
  if (observedAt !== undefined) return { ...rest, at: observedAt };
  return { ...rest, at: reportedAt ?? fallbackAt, untimed: true, snapshot };
}

function mergeTerminations(known: TerminationRecord[], seen: TerminationRecord[], observedAt: number | undefined): TerminationRecord[] {
  const keys = new Set(known.map((record) => `${record.container}#${record.attempt}`));
  const added = seen
    .filter((record) => !keys.has(`${record.container}#${record.attempt}`))
    .map((record) => (observedAt === undefined ? record : { ...record, observedAt }));
  if (added.length === 0) return known;
  return [...known, ...added].sort((a, b) => (a.finishedAt ?? a.observedAt ?? 0) - (b.finishedAt ?? b.observedAt ?? 0));
}

/** The deletion request a snapshot carries, if any. */
function deletionIn(pod: PodDigest): DeletionRequest | undefined {
  if (pod.deletedAt === undefined) return undefined;
  return { deadline: pod.deletedAt, gracePeriodSeconds: pod.deletionGracePeriodSeconds ?? pod.terminationGracePeriodSeconds };
}

function keepLast<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(items.length - Math.max(max, 0)) : items;
}

/**
 * Folds one snapshot of a pod into what is known about it. `before` is the previous snapshot
 * (undefined on the first one: nothing is claimed about when its current state began, but the
 * terminations it shows are kept). `observedAt` is the watcher's clock; undefined when reading a
 * stream from a file, in which case transitions keep their order and carry the best reported
 * time, flagged `untimed`. Terminations are keyed by container and attempt, so a restart whose
 * snapshot was skipped still counts and nothing is recorded twice. Never throws.
 */
export function observePod(
  prev: PodObservations | undefined,
  before: PodDigest | undefined,
  after: PodDigest,
  observedAt: number | undefined,
  limits: ObservationLimits = {},
): PodObservations {
  const base = prev ?? emptyObservations();
  const snapshots = (base.snapshots ?? 0) + 1;
  const fallbackAt = latestReportedTime(after) ?? base.lastSeenAt ?? 0;
  const pending = before ? diffPod(before, after) : [];
  const transitions =
    pending.length === 0 ? base.transitions : [...base.transitions, ...pending.map((entry) => stamp(entry, observedAt, fallbackAt, snapshots))];
  const seen = Object.values(after.statuses).flatMap((status) => terminationsOf(status));
  const terminations = mergeTerminations(base.terminations, seen, before ? observedAt : undefined);
  const observations: PodObservations = {
    transitions: keepLast(transitions, limits.maxTransitions ?? DEFAULT_MAX_TRANSITIONS),
    terminations: keepLast(terminations, limits.maxTerminations ?? DEFAULT_MAX_TERMINATIONS),
    snapshots,
  };
  const firstDeletion = base.firstDeletion ?? deletionIn(after);
  if (firstDeletion) observations.firstDeletion = firstDeletion;
  const firstSeenAt = base.firstSeenAt ?? observedAt;
  const lastSeenAt = observedAt ?? base.lastSeenAt;
  if (firstSeenAt !== undefined) observations.firstSeenAt = firstSeenAt;
  if (lastSeenAt !== undefined) observations.lastSeenAt = lastSeenAt;
  return observations;
}

/** Records that the pod object is gone from the API (watch `DELETED`). */
export function observeDeletion(prev: PodObservations | undefined, observedAt: number | undefined): PodObservations {
  const base = prev ?? emptyObservations();
  const at = observedAt ?? base.lastSeenAt ?? base.transitions.at(-1)?.at ?? 0;
  const transition: ObservedTransition = observedAt === undefined ? { kind: 'deleted', at, untimed: true } : { kind: 'deleted', at };
  return {
    ...base,
    transitions: keepLast([...base.transitions, transition], DEFAULT_MAX_TRANSITIONS),
    ...(observedAt === undefined ? {} : { lastSeenAt: observedAt }),
  };
}
