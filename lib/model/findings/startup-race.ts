/**
 * `startup-race`: a main container started before a sidecar it runs with could serve.
 *
 * Legacy sidecars start in parallel with the app, so the main's start is compared with the
 * sidecar's readiness. A native sidecar gates the mains only until *started*
 * (https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/kubelet/kuberuntime/kuberuntime_container.go,
 * `computeInitContainerActions`): with a startupProbe that is when it serves (no race); without
 * one, when its process runs, so readiness is what matters again. Reported times have 1 s
 * resolution: equal seconds are never reported as a measured gap.
 */
import { collectRuns, type Run } from '../lifecycle/runs';
import { describeGap, isDefinitelyBefore, reported } from '../lifecycle/stamps';
import type { ContainerSpecDigest, Evidence, Finding, Lane, Stamp } from '../types';
import { fieldEvidence, isStopSignalExit, makeFinding, timeEvidence, type Rule, type RuleContext } from './context';
import { startupFix } from './fixes';

/**
 * A main whose first run fails this soon after its sidecar's process started, with no probe
 * telling when the sidecar could serve, is taken as a race (seed 002, native sidecar without a
 * startupProbe).
 */
export const EARLY_FAILURE_MS = 30_000;

type Serving = { kind: 'observed' | 'lower-bound'; at: Stamp } | { kind: 'not-yet' } | { kind: 'unknown' };

function servingOf(context: RuleContext, sidecar: ContainerSpecDigest, lane: Lane): Serving {
  const probe = sidecar.readinessProbe;
  if (!probe) return { kind: 'unknown' };
  if (lane.readyAt?.source === 'observed') return { kind: 'observed', at: lane.readyAt };
  const status = context.statusOf(sidecar.name);
  if (status && !status.ready && !lane.readyAt && status.state.state === 'running') return { kind: 'not-yet' };
  if (lane.firstRunningAt && probe.initialDelaySeconds > 0) {
    return { kind: 'lower-bound', at: reported(lane.firstRunningAt.at + probe.initialDelaySeconds * 1000) };
  }
  return { kind: 'unknown' };
}

function firstFailure(context: RuleContext, main: ContainerSpecDigest): Run | undefined {
  const status = context.statusOf(main.name);
  if (!status) return undefined;
  const { observations, pod } = context.input;
  const runs = collectRuns(main, status, observations?.terminations ?? [], []);
  return runs.find((run) => {
    if (!run.finishedAt) return false;
    const atShutdown = pod.deletedAt !== undefined && isStopSignalExit(run.exitCode);
    return !atShutdown && (run.exitCode !== 0 || run.attempt < status.restartCount);
  });
}

interface Pair {
  main: ContainerSpecDigest;
  mainStart: Stamp;
  sidecar: ContainerSpecDigest;
  failure?: Run;
  failedAt?: Stamp;
}

function raceFinding(context: RuleContext, pair: Pair, critical: boolean, message: string, evidence: Evidence[]): Finding {
  const base: Evidence[] = [timeEvidence(`${pair.main.name} started running`, pair.mainStart), ...evidence];
  if (pair.failure && pair.failedAt) {
    base.push(timeEvidence(`${pair.main.name} failed (${pair.failure.reason ?? 'exit'} ${pair.failure.exitCode ?? '?'})`, pair.failedAt));
  }
  base.push(
    fieldEvidence(`${pair.sidecar.name} kind`, pair.sidecar.kind),
    fieldEvidence(`${pair.sidecar.name} startupProbe`, pair.sidecar.startupProbe ? 'yes' : 'none'),
  );
  return makeFinding(context, 'startup-race', {
    container: pair.sidecar.name,
    message,
    evidence: base,
    severity: critical ? 'critical' : 'warning',
    ...startupFix(context, pair.sidecar),
  });
}

function judgeKnown(context: RuleContext, pair: Pair, serving: Stamp, kind: 'observed' | 'lower-bound'): Finding[] {
  const { mainStart, failedAt } = pair;
  if (!isDefinitelyBefore(mainStart, serving)) return [];
  const critical = failedAt !== undefined && isDefinitelyBefore(failedAt, serving);
  const readyLabel =
    kind === 'observed' ? `${pair.sidecar.name} became ready` : `${pair.sidecar.name} could be ready at the earliest (readinessProbe initialDelaySeconds)`;
  const message = `${pair.main.name} started ${describeGap(mainStart, serving)} before ${pair.sidecar.name} was ready${critical ? ' and failed before it was' : ''}`;
  return [raceFinding(context, pair, critical, message, [timeEvidence(readyLabel, serving)])];
}

function judgePair(context: RuleContext, pair: Pair, lane: Lane): Finding[] {
  const sidecarStart = lane.firstRunningAt;
  if (!sidecarStart) {
    const message = `${pair.main.name} started while ${pair.sidecar.name} had not started at all`;
    return pair.sidecar.kind === 'legacy-sidecar' ? [raceFinding(context, pair, pair.failure !== undefined, message, [])] : [];
  }
  const serving = servingOf(context, pair.sidecar, lane);
  const started = timeEvidence(`${pair.sidecar.name} started running`, sidecarStart);
  if (serving.kind === 'observed' || serving.kind === 'lower-bound') return judgeKnown(context, pair, serving.at, serving.kind);
  if (serving.kind === 'not-yet') {
    if (!pair.failure) return [];
    const message = `${pair.main.name} started and failed while ${pair.sidecar.name} was still not ready`;
    return [raceFinding(context, pair, true, message, [started])];
  }
  const { failedAt } = pair;
  if (!failedAt || failedAt.at - sidecarStart.at > EARLY_FAILURE_MS) return [];
  const message = `${pair.main.name} failed ${describeGap(sidecarStart, failedAt)} after ${pair.sidecar.name}'s process started, before anything showed ${pair.sidecar.name} could serve`;
  return [raceFinding(context, pair, pair.failure?.attempt === 0, message, [started])];
}

function isGatedOnServing(sidecar: ContainerSpecDigest): boolean {
  return sidecar.kind === 'native-sidecar' && sidecar.startupProbe !== undefined;
}

/** Raises `startup-race` per main/sidecar pair that raced; critical when the main failed before the sidecar could serve. */
export const detectStartupRace: Rule = (context) => {
  const findings: Finding[] = [];
  for (const main of context.mains) {
    const mainStart = context.laneOf(main.name)?.firstRunningAt;
    if (!mainStart) continue;
    const failure = firstFailure(context, main);
    const failedAt = failure?.finishedAt;
    for (const sidecar of context.sidecars) {
      const lane = context.laneOf(sidecar.name);
      if (!lane || isGatedOnServing(sidecar)) continue;
      const pair: Pair = { main, mainStart, sidecar, ...(failure ? { failure } : {}), ...(failedAt ? { failedAt } : {}) };
      findings.push(...judgePair(context, pair, lane));
    }
  }
  return findings;
};
