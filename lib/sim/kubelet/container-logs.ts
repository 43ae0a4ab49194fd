/**
 * What a simulated container wrote to stdout/stderr, rendered on demand from the run it belongs
 * to (never stored): a scenario may give a container its own script (`Behaviour.logs`), else a
 * few generic lines. `kubectl logs --previous` reads the run that the status's `lastState` names.
 * Error texts are kubelet v1.34's (`validateContainerLogStatus`):
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/kubelet/kubelet_pods.go
 */
import type { ContainerRuntime, Termination } from './behaviour';

/** One run of a container, as a log script sees it. */
export interface ContainerRun {
  container: string;
  image: string;
  /** 0 for the first run, then the restart count at its start. */
  attempt: number;
  startedAt: number;
  /** Set once it ended. */
  end?: { at: number; exitCode: number; reason: string };
  ports: number[];
}

export type LogScript = (run: ContainerRun) => string[];

/** `2026-12-05T15:02:11.123Z` for log lines (ms precision, as most loggers write). */
export function logTime(at: number): string {
  return new Date(at).toISOString();
}

/** A few plain lines: started, listening, and how it ended. */
export function genericLog(run: ContainerRun): string[] {
  const lines = [`${logTime(run.startedAt)} starting ${run.container} (${run.image}), attempt ${run.attempt + 1}`];
  if (run.ports.length > 0) lines.push(`${logTime(run.startedAt + 400)} listening on :${run.ports.join(', :')}`);
  if (run.end && run.end.reason !== 'OOMKilled' && run.end.exitCode !== 0 && run.end.exitCode !== 143 && run.end.exitCode !== 137) {
    lines.push(`${logTime(run.end.at)} fatal: exiting with status ${run.end.exitCode}`);
  }
  return lines;
}

function runOf(c: ContainerRuntime, attempt: number, started: number, end?: Termination): ContainerRun {
  return {
    container: c.spec.name,
    image: c.spec.image,
    attempt,
    startedAt: started,
    ...(end ? { end: { at: end.finishedAt, exitCode: end.exitCode, reason: end.reason } } : {}),
    ports: (c.spec.ports ?? []).map((p) => p.containerPort),
  };
}

/**
 * The log of the current run, or with `previous` of the last terminated one, as text lines; a
 * string is the API server's 400 message when there is none.
 */
export function containerLog(c: ContainerRuntime, podName: string, previous: boolean): string[] | { error: string } {
  const script = c.behaviour.logs ?? genericLog;
  if (previous) {
    const last = c.phase === 'running' ? c.last : (c.current ?? c.last);
    if (!last) return { error: `previous terminated container "${c.spec.name}" in pod "${podName}" not found` };
    const attempt = c.phase === 'running' ? c.restartCount - 1 : c.restartCount;
    return script(runOf(c, Math.max(0, attempt), last.startedAt, last));
  }
  if (c.phase === 'waiting' && !c.current) return { error: `container "${c.spec.name}" in pod "${podName}" is waiting to start: ${c.waitingReason}` };
  if (c.startedAt === undefined) return { error: `container "${c.spec.name}" in pod "${podName}" is waiting to start: ${c.waitingReason}` };
  return script(runOf(c, c.restartCount, c.startedAt, c.phase === 'running' ? undefined : c.current));
}
