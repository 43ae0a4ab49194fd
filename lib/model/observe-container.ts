/**
 * The container half of `observePod`: what changed in one container status between two
 * snapshots, and the terminations a status shows (`state` and `lastState`).
 */
import type { PendingTransition } from './observe';
import type { ContainerState, ContainerStatusDigest, TerminationRecord } from './types';

function describeState(state: ContainerState): string | undefined {
  if (state.state === 'waiting') return state.reason;
  if (state.state === 'terminated') {
    const exit = state.exitCode === undefined ? '' : ` (exit ${state.exitCode})`;
    return `${state.reason ?? 'Terminated'}${exit}`;
  }
  if (state.state === 'running' && state.startedAt !== undefined) return `startedAt=${state.startedAt}`;
  return undefined;
}

function reportedTimeOf(state: ContainerState): number | undefined {
  if (state.state === 'running') return state.startedAt;
  if (state.state === 'terminated') return state.finishedAt;
  return undefined;
}

function isSameState(a: ContainerState | undefined, b: ContainerState): boolean {
  if (!a || a.state !== b.state) return false;
  if (a.state === 'waiting' && b.state === 'waiting') return a.reason === b.reason;
  if (a.state === 'running' && b.state === 'running') return a.startedAt === b.startedAt;
  if (a.state === 'terminated' && b.state === 'terminated') return a.finishedAt === b.finishedAt && a.reason === b.reason;
  return true;
}

function stateTransition(container: string, state: ContainerState): PendingTransition | undefined {
  if (state.state === 'unknown') return undefined;
  const detail = describeState(state);
  const reportedAt = reportedTimeOf(state);
  return {
    kind: state.state,
    container,
    ...(detail === undefined ? {} : { detail }),
    ...(reportedAt === undefined ? {} : { reportedAt }),
  };
}

function flip(container: string, was: boolean | undefined, now: boolean | undefined, on: 'started' | 'ready'): PendingTransition[] {
  if (now === undefined || Boolean(was) === now) return [];
  const kind = now ? on : on === 'started' ? 'unstarted' : 'unready';
  return [{ kind, container }];
}

/**
 * Transitions of one container between two snapshots, in the order they most likely happened:
 * a restart, then the new state, then `started` and `ready` flips. With no previous status (the
 * container just appeared) only what differs from "waiting, not started, not ready" is recorded.
 */
export function diffContainer(container: string, before: ContainerStatusDigest | undefined, after: ContainerStatusDigest): PendingTransition[] {
  const pending: PendingTransition[] = [];
  const restartsBefore = before?.restartCount ?? 0;
  if (after.restartCount > restartsBefore) {
    pending.push({ kind: 'restarted', container, detail: `${after.restartCount}` });
  }
  if (!isSameState(before?.state, after.state)) {
    const transition = stateTransition(container, after.state);
    if (transition) pending.push(transition);
  }
  pending.push(...flip(container, before?.started, after.started, 'started'));
  pending.push(...flip(container, before?.ready, after.ready, 'ready'));
  return pending;
}

function toRecord(container: string, state: ContainerState, attempt: number): TerminationRecord | undefined {
  if (state.state !== 'terminated' || attempt < 0) return undefined;
  const record: TerminationRecord = { container, attempt };
  if (state.reason !== undefined) record.reason = state.reason;
  if (state.exitCode !== undefined) record.exitCode = state.exitCode;
  if (state.startedAt !== undefined) record.startedAt = state.startedAt;
  if (state.finishedAt !== undefined) record.finishedAt = state.finishedAt;
  return record;
}

/**
 * Terminations visible in one status: the current state (attempt = restartCount) and `lastState`
 * (attempt = restartCount − 1), so the same termination keeps its key when it moves from one to
 * the other on restart.
 */
export function terminationsOf(status: ContainerStatusDigest): TerminationRecord[] {
  const records: TerminationRecord[] = [];
  const last = status.lastState ? toRecord(status.name, status.lastState, status.restartCount - 1) : undefined;
  if (last) records.push(last);
  const current = toRecord(status.name, status.state, status.restartCount);
  if (current) records.push(current);
  return records;
}
