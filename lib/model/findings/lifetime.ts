/**
 * Rules about how containers end: a legacy sidecar keeping a Job's pod alive, a sidecar stopping
 * before the app during shutdown, and containers SIGKILLed at the end of the grace period.
 */
import { deletionOf, deletionRequestedAt } from '../lifecycle/order';
import { describeGap, isDefinitelyBefore, reported } from '../lifecycle/stamps';
import type { Finding, FixValue, Stamp } from '../types';
import { fieldEvidence, makeFinding, timeEvidence, type Rule, type RuleContext } from './context';
import { nativeFix } from './fixes';

/** After this long with the mains done and a legacy sidecar running, the Job is stuck rather than finishing. */
export const JOB_STUCK_AFTER_MS = 60_000;
/** A SIGKILL this close to the deletion deadline (or after it) is the grace period running out. */
export const GRACE_DEADLINE_SLACK_MS = 2_000;

function finishedAt(context: RuleContext, container: string): Stamp | undefined {
  const state = context.statusOf(container)?.state;
  return state?.state === 'terminated' && state.finishedAt !== undefined ? reported(state.finishedAt) : undefined;
}

function isJobLike(context: RuleContext): boolean {
  const { pod } = context.input;
  return pod.restartPolicy !== 'Always' || pod.owner?.kind === 'Job';
}

/** Raises `job-blocked-by-sidecar` when every main finished and a legacy sidecar keeps the pod running. */
export const detectJobBlocked: Rule = (context) => {
  const { pod, now } = context.input;
  if (!isJobLike(context) || pod.deletedAt !== undefined || context.mains.length === 0) return [];
  const ends = context.mains.map((main) => finishedAt(context, main.name));
  if (ends.some((end) => end === undefined)) return [];
  const lastEnd = ends.reduce<Stamp | undefined>((latest, end) => (end && (!latest || end.at > latest.at) ? end : latest), undefined);
  return context.sidecars
    .filter((sidecar) => sidecar.kind === 'legacy-sidecar' && context.statusOf(sidecar.name)?.state.state === 'running')
    .map((sidecar) => {
      const waitedMs = lastEnd ? now - lastEnd.at : 0;
      const evidence = [
        fieldEvidence('restartPolicy', pod.restartPolicy),
        fieldEvidence('owner', pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : 'none'),
        fieldEvidence(`${sidecar.name} state`, 'running'),
      ];
      if (lastEnd) evidence.unshift(timeEvidence('last main container finished', lastEnd));
      return makeFinding(context, 'job-blocked-by-sidecar', {
        container: sidecar.name,
        severity: waitedMs >= JOB_STUCK_AFTER_MS ? 'critical' : 'warning',
        message: `main containers finished but legacy sidecar ${sidecar.name} keeps the pod running`,
        evidence,
        ...nativeFix(context, sidecar, 'job'),
      });
    });
};

/**
 * Raises `sidecar-stopped-before-app` when, after deletion was requested, a sidecar finished
 * measurably before a main container (or while one still runs). A sidecar that died before the
 * deletion is a crash, not shutdown ordering.
 */
export const detectStoppedBeforeApp: Rule = (context) => {
  const since = deletionRequestedAt(context.input.pod, context.input.observations);
  if (since === undefined) return [];
  const findings: Finding[] = [];
  for (const sidecar of context.sidecars) {
    const sidecarEnd = finishedAt(context, sidecar.name);
    if (!sidecarEnd || sidecarEnd.at + 1000 <= since) continue;
    const outlived = context.mains.find((main) => {
      const mainEnd = finishedAt(context, main.name);
      return mainEnd ? isDefinitelyBefore(sidecarEnd, mainEnd) : context.statusOf(main.name)?.state.state === 'running';
    });
    if (!outlived) continue;
    const mainEnd = finishedAt(context, outlived.name);
    const evidence = [
      timeEvidence(`${sidecar.name} finished`, sidecarEnd),
      mainEnd ? timeEvidence(`${outlived.name} finished`, mainEnd) : fieldEvidence(`${outlived.name} state`, 'still running'),
    ];
    const gap = mainEnd ? ` ${describeGap(sidecarEnd, mainEnd)} before ${outlived.name}` : ` while ${outlived.name} was still running`;
    const drainSeconds = mainEnd ? (mainEnd.at - sidecarEnd.at) / 1000 : undefined;
    findings.push(
      makeFinding(context, 'sidecar-stopped-before-app', {
        container: sidecar.name,
        message: `${sidecar.name} stopped${gap}`,
        evidence,
        ...nativeFix(context, sidecar, 'shutdown', drainSeconds),
      }),
    );
  }
  return findings;
};

function killedAtDeadline(context: RuleContext, container: string, deadline: number): number | undefined {
  const state = context.statusOf(container)?.state;
  if (state?.state !== 'terminated' || state.exitCode !== 137 || state.reason === 'OOMKilled' || state.finishedAt === undefined) return undefined;
  return state.finishedAt >= deadline - GRACE_DEADLINE_SLACK_MS ? state.finishedAt : undefined;
}

/** Twice the grace period that ran out (at least 60 s), marked as a suggestion. */
function graceFix(grace: number): { fix: string; fixValues: FixValue[] } {
  const suggested = Math.max(60, grace * 2);
  return {
    fix: `Handle SIGTERM promptly (stop accepting work, finish in-flight requests, exit), or give the pod a longer grace period than the ${grace} s that ran out:\n\`\`\`yaml\nspec:\n  terminationGracePeriodSeconds: ${suggested}   # suggested: twice the ${grace} s that ran out\n\`\`\``,
    fixValues: [
      { name: 'terminationGracePeriodSeconds', value: String(suggested), origin: 'suggested', basis: `twice the ${grace} s it was killed at (at least 60 s)` },
    ],
  };
}

/**
 * Raises `grace-period-exceeded` for a container killed with exit 137 at (or after) the deletion
 * deadline. Sidecars killed at the same deadline as a main container are collateral (the app used
 * up the grace period) and are not reported on their own.
 */
export const detectGracePeriodExceeded: Rule = (context) => {
  const { pod, observations } = context.input;
  const deletion = deletionOf(pod, observations);
  if (deletion === undefined || deletion.gracePeriodSeconds === 0) return [];
  const { deadline, gracePeriodSeconds: grace } = deletion;
  const mainKilled = context.mains.some((main) => killedAtDeadline(context, main.name, deadline) !== undefined);
  return pod.containers.flatMap((container) => {
    const finished = killedAtDeadline(context, container.name, deadline);
    if (finished === undefined || (mainKilled && container.kind !== 'main')) return [];
    return [
      makeFinding(context, 'grace-period-exceeded', {
        container: container.name,
        message: `${container.name} was SIGKILLed (exit 137) when the ${grace} s grace period ran out`,
        evidence: [
          timeEvidence('grace period ended (deletionTimestamp)', reported(deadline)),
          timeEvidence(`${container.name} finished`, reported(finished)),
          fieldEvidence('exit code', 137),
          fieldEvidence('grace period', `${grace} s`),
        ],
        ...graceFix(grace),
      }),
    ];
  });
};
