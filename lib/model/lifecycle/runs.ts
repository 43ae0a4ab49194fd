/**
 * The runs of one container: every start–finish it went through, from termination records,
 * `lastState` and the current state, with the `started`/`ready` times a watcher saw during each.
 */
import type { ContainerSpecDigest, ContainerStatusDigest, ObservedTransition, Stamp, TerminationRecord } from '../types';
import { observed, reported } from './stamps';

/** One run of a container (attempt 0 is the first). */
export interface Run {
  attempt: number;
  startedAt?: Stamp;
  finishedAt?: Stamp;
  reason?: string;
  exitCode?: number;
  /** True for the run the container is in now (running). */
  ongoing: boolean;
  /** When it became `started` / `ready`, observed or implied by the absence of probes. */
  started?: Stamp;
  ready?: Stamp;
}

function fromRecord(record: TerminationRecord): Run {
  return {
    attempt: record.attempt,
    ongoing: false,
    ...(record.startedAt === undefined ? {} : { startedAt: reported(record.startedAt) }),
    ...(record.finishedAt === undefined ? {} : { finishedAt: reported(record.finishedAt) }),
    ...(record.reason === undefined ? {} : { reason: record.reason }),
    ...(record.exitCode === undefined ? {} : { exitCode: record.exitCode }),
  };
}

function currentRun(status: ContainerStatusDigest): Run | undefined {
  const { state } = status;
  if (state.state === 'running') {
    return { attempt: status.restartCount, ongoing: true, ...(state.startedAt === undefined ? {} : { startedAt: reported(state.startedAt) }) };
  }
  if (state.state !== 'terminated') return undefined;
  return fromRecord({ container: status.name, attempt: status.restartCount, ...state });
}

function lastRun(status: ContainerStatusDigest): Run | undefined {
  const last = status.lastState;
  if (last?.state !== 'terminated') return undefined;
  return fromRecord({ container: status.name, attempt: status.restartCount - 1, ...last });
}

function runStart(run: Run): Stamp | undefined {
  return run.startedAt ?? run.finishedAt;
}

function attachFlips(runs: Run[], transitions: readonly ObservedTransition[]): void {
  for (const transition of transitions) {
    if (transition.untimed || (transition.kind !== 'started' && transition.kind !== 'ready')) continue;
    const owner = runs.filter((run) => (runStart(run)?.at ?? Infinity) <= transition.at).at(-1);
    if (!owner || (owner.finishedAt && owner.finishedAt.at + owner.finishedAt.resolutionMs < transition.at)) continue;
    if (transition.kind === 'started' && !owner.started) owner.started = observed(transition.at);
    if (transition.kind === 'ready' && !owner.ready) owner.ready = observed(transition.at);
  }
}

const STARTED_AT = /^startedAt=(\d+)$/;

function fillMissingStarts(runs: Run[], transitions: readonly ObservedTransition[]): void {
  const starts = transitions.flatMap((transition) => {
    const match = transition.kind === 'running' ? STARTED_AT.exec(transition.detail ?? '') : null;
    return match?.[1] ? [Number(match[1])] : [];
  });
  runs.forEach((run, index) => {
    if (run.startedAt || !run.finishedAt) return;
    const after = runs[index - 1]?.finishedAt?.at ?? -Infinity;
    const end = run.finishedAt.at;
    const candidates = starts.filter((start) => start <= end && start >= after);
    if (candidates.length > 0) run.startedAt = reported(Math.max(...candidates));
  });
}

function implyFlips(run: Run, spec: ContainerSpecDigest | undefined, status: ContainerStatusDigest): void {
  const start = run.startedAt;
  if (!start) return;
  const startedNow = run.ongoing && status.started === true;
  if (!run.started && !spec?.startupProbe && (startedNow || !run.ongoing)) run.started = start;
  const readyNow = run.ongoing && status.ready;
  if (!run.ready && run.started && !spec?.readinessProbe && !spec?.startupProbe && (readyNow || !run.ongoing)) run.ready = run.started;
}

/**
 * Every run of a container, oldest first. Termination records add runs beyond `lastState`; a
 * termination published without `startedAt` borrows the start a watcher saw in status earlier;
 * observed `started`/`ready` flips are attached to the run they fell in; where no flip was seen,
 * a container without a startupProbe counts as started when its process ran, and one without
 * readiness or startup probes as ready then too (that is what the kubelet reports).
 */
export function collectRuns(
  spec: ContainerSpecDigest | undefined,
  status: ContainerStatusDigest,
  terminations: readonly TerminationRecord[],
  transitions: readonly ObservedTransition[],
): Run[] {
  const byAttempt = new Map<number, Run>();
  for (const record of terminations) if (record.container === status.name) byAttempt.set(record.attempt, fromRecord(record));
  for (const run of [lastRun(status), currentRun(status)]) if (run) byAttempt.set(run.attempt, { ...byAttempt.get(run.attempt), ...run });
  const runs = [...byAttempt.values()].sort((a, b) => a.attempt - b.attempt);
  const own = transitions.filter((transition) => transition.container === status.name);
  fillMissingStarts(runs, own);
  attachFlips(runs, own);
  for (const run of runs) implyFlips(run, spec, status);
  return runs;
}
