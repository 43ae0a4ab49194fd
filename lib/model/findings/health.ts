/**
 * Container health: crash loops, OOM kills, and sidecars holding the pod's Ready condition.
 * Terminations by SIGTERM/SIGKILL after deletion are the normal end of a container, never a
 * failure here; the kubelet does not restart containers of a terminating pod.
 */
import { isSidecarKind } from '../classify';
import { formatBytes } from '../quantity';
import { collectRuns } from '../lifecycle/runs';
import { reported } from '../lifecycle/stamps';
import type { ContainerSpecDigest, ContainerStatusDigest, Finding, TerminationRecord } from '../types';
import { fieldEvidence, makeFinding, timeEvidence, type Rule, type RuleContext } from './context';
import { resourceFix } from './fixes';

/** Restarts within this window count towards "restarting repeatedly". */
export const RESTART_WINDOW_MS = 15 * 60_000;
export const REPEATED_RESTARTS = 3;

function recentRestarts(context: RuleContext, container: ContainerSpecDigest): number {
  const status = context.statusOf(container.name);
  if (!status) return 0;
  const { observations, now } = context.input;
  const runs = collectRuns(container, status, observations?.terminations ?? [], []);
  const recent = runs.filter((run) => run.finishedAt && run.attempt < status.restartCount && now - run.finishedAt.at <= RESTART_WINDOW_MS);
  const unseen = status.restartCount - runs.filter((run) => run.attempt < status.restartCount).length;
  return recent.length + (recent.length > 0 ? Math.max(unseen, 0) : 0);
}

const BACK_OFF = /\b[Bb]ack-off (\d+(?:m\d+)?s|\d+m)\b/;

/**
 * The current back-off from the waiting message: `back-off 20s …`, or `Back-off 40s …` on older
 * kubelets (10 s doubling to a 300 s cap, per-node configurable since 1.35).
 */
export function parseBackOff(message: string | undefined): string | undefined {
  return message === undefined ? undefined : BACK_OFF.exec(message)?.[1];
}

function crashloopFinding(context: RuleContext, container: ContainerSpecDigest): Finding | undefined {
  const status = context.statusOf(container.name);
  if (!status || context.input.pod.deletedAt !== undefined) return undefined;
  const { state } = status;
  const backingOff = state.state === 'waiting' && state.reason === 'CrashLoopBackOff';
  const recent = recentRestarts(context, container);
  if (!backingOff && recent < REPEATED_RESTARTS) return undefined;
  const last = status.lastState?.state === 'terminated' ? status.lastState : undefined;
  const evidence = [fieldEvidence('restartCount', status.restartCount)];
  if (backingOff) evidence.push(fieldEvidence('state', 'waiting: CrashLoopBackOff'));
  const backOff = state.state === 'waiting' ? parseBackOff(state.message) : undefined;
  if (backOff) evidence.push(fieldEvidence('current back-off', backOff));
  if (last) evidence.push(fieldEvidence('last termination', `${last.reason ?? 'unknown'}, exit ${last.exitCode ?? '?'}`));
  if (last?.finishedAt !== undefined) evidence.push(timeEvidence('last finished', reported(last.finishedAt)));
  const sidecar = isSidecarKind(container.kind);
  return makeFinding(context, sidecar ? 'sidecar-crashloop' : 'container-crashloop', {
    container: container.name,
    severity: backingOff ? 'critical' : 'warning',
    message: `${container.name} is crash-looping (${status.restartCount} restarts${last?.exitCode === 0 ? ', exits 0' : ''})`,
    evidence,
  });
}

/** Raises `sidecar-crashloop` / `container-crashloop`: CrashLoopBackOff now, or repeated recent restarts. */
export const detectCrashLoops: Rule = (context) => context.input.pod.containers.flatMap((container) => crashloopFinding(context, container) ?? []);

const OOM = 'OOMKilled';

/** Whether any run of the container could be an OOM kill: the reason is only ever read from these. */
function reasonOf(state: ContainerStatusDigest['state'] | undefined): string | undefined {
  return state?.state === 'terminated' ? state.reason : undefined;
}

function mayHaveOomKill(context: RuleContext, container: string, status: ContainerStatusDigest): boolean {
  return (
    reasonOf(status.state) === OOM ||
    reasonOf(status.lastState) === OOM ||
    (context.input.observations?.terminations ?? []).some((record) => record.container === container && record.reason === OOM)
  );
}

function oomKills(context: RuleContext, container: ContainerSpecDigest): { records: TerminationRecord[]; current: boolean } {
  const status = context.statusOf(container.name);
  if (!status || !mayHaveOomKill(context, container.name, status)) return { records: [], current: false };
  const runs = collectRuns(container, status, context.input.observations?.terminations ?? [], []);
  const records = runs
    .filter((run) => run.reason === 'OOMKilled')
    .map((run): TerminationRecord => ({
      container: container.name,
      attempt: run.attempt,
      reason: 'OOMKilled',
      ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
      ...(run.finishedAt ? { finishedAt: run.finishedAt.at } : {}),
    }));
  const latest = status.state.state === 'terminated' ? status.state : status.lastState?.state === 'terminated' ? status.lastState : undefined;
  return { records, current: latest?.reason === 'OOMKilled' };
}

function oomFinding(context: RuleContext, container: ContainerSpecDigest): Finding | undefined {
  const { records, current } = oomKills(context, container);
  const last = records.at(-1);
  if (!last) return undefined;
  const evidence = [
    fieldEvidence('OOM kills seen', records.length),
    fieldEvidence('reason', 'OOMKilled'),
    fieldEvidence('exit code', last.exitCode ?? 'not reported'),
  ];
  if (last.finishedAt !== undefined) evidence.push(timeEvidence('last killed', reported(last.finishedAt)));
  const limit = container.resources.limits.memoryBytes;
  evidence.push(fieldEvidence('memory limit', limit === undefined ? 'none' : formatBytes(limit)));
  return makeFinding(context, isSidecarKind(container.kind) ? 'sidecar-oomkilled' : 'container-oomkilled', {
    container: container.name,
    severity: current ? 'critical' : 'warning',
    message: `${container.name} was OOM-killed${records.length > 1 ? ` ${records.length} times` : ''}`,
    evidence,
    ...resourceFix(context, container, 'oom'),
  });
}

/** Raises `sidecar-oomkilled` / `container-oomkilled` from state, lastState or termination records, by reason. */
export const detectOomKills: Rule = (context) => context.input.pod.containers.flatMap((container) => oomFinding(context, container) ?? []);

/** What to check, with the sidecar's own readinessProbe spelled out. */
function notReadyFix(context: RuleContext, sidecar: ContainerSpecDigest): string {
  const { pod } = context.input;
  const probe = sidecar.readinessProbe;
  const events = `\`kubectl get events -n ${pod.namespace} --field-selector involvedObject.name=${pod.name}\``;
  if (!probe)
    return `${sidecar.name} has no readinessProbe, so it is not ready until its process runs: check its state and logs (\`kubectl logs ${pod.name} -n ${pod.namespace} -c ${sidecar.name}\`).`;
  const target = [probe.handler, probe.path, probe.port].filter((part) => part !== undefined).join(' ');
  return `Check what ${sidecar.name}'s readinessProbe (${target}, every ${probe.periodSeconds} s, ${probe.failureThreshold} failures) depends on — its control plane, an upstream — and the probe failures in the pod's events (${events}).`;
}

/** Raises `sidecar-not-ready` when the pod is not Ready and a running sidecar is not ready. */
export const detectSidecarNotReady: Rule = (context) => {
  const { pod } = context.input;
  const ready = pod.conditions.find((condition) => condition.type === 'Ready');
  if (pod.phase !== 'Running' || pod.deletedAt !== undefined || ready?.status !== 'False') return [];
  return context.sidecars.flatMap((sidecar) => {
    const status = context.statusOf(sidecar.name);
    if (!status || status.ready || status.state.state !== 'running') return [];
    if (sidecar.kind === 'native-sidecar' && status.started !== true) return [];
    const evidence = [fieldEvidence(`${sidecar.name} ready`, false), fieldEvidence('pod Ready', `False${ready.reason ? ` (${ready.reason})` : ''}`)];
    if (ready.lastTransitionTime !== undefined) evidence.push(timeEvidence('Ready=False since', reported(ready.lastTransitionTime)));
    return [
      makeFinding(context, 'sidecar-not-ready', {
        container: sidecar.name,
        message: `pod is not Ready because ${sidecar.name} is not ready`,
        evidence,
        fix: notReadyFix(context, sidecar),
      }),
    ];
  });
};
