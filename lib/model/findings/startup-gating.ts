/**
 * Rules about what gates startup: native sidecars without startupProbe, native sidecars that
 * never become started, and helpers declared as plain init containers that never exit.
 */
import { injectedSidecars, isKnownSidecarImage, isKnownSidecarName } from '../classify';
import { reported } from '../lifecycle/stamps';
import type { ContainerSpecDigest, Finding } from '../types';
import { fieldEvidence, makeFinding, timeEvidence, type Rule, type RuleContext } from './context';
import { droppedPolicyFix, startupFix } from './fixes';

/** How long a native sidecar may take to become started before the pod counts as blocked. */
export const STARTUP_BLOCKED_AFTER_MS = 60_000;
/** How long a server-like plain init container may run before the pod counts as stuck. */
export const INIT_SERVER_AFTER_MS = 60_000;
/** How long any plain init container may run before it is suspected never to complete. */
export const INIT_LONG_RUNNING_MS = 600_000;

/** Raises `sidecar-no-startup-probe` for each native sidecar without one; warning when others likely depend on it serving. */
export const detectNoStartupProbe: Rule = (context) =>
  context.sidecars
    .filter((sidecar) => sidecar.kind === 'native-sidecar' && !sidecar.startupProbe)
    .map((sidecar) => {
      const serves = sidecar.ports.length > 0 || sidecar.readinessProbe !== undefined;
      return makeFinding(context, 'sidecar-no-startup-probe', {
        container: sidecar.name,
        severity: serves ? 'warning' : 'info',
        message: `${sidecar.name} counts as started as soon as its process runs${serves ? ', before it can serve' : ''}`,
        evidence: [
          fieldEvidence('startupProbe', 'none'),
          fieldEvidence('ports', sidecar.ports.join(', ') || 'none'),
          fieldEvidence('readinessProbe', sidecar.readinessProbe ? 'yes' : 'none'),
        ],
        ...startupFix(context, sidecar),
      });
    });

function laterNeverRan(context: RuleContext, sidecar: ContainerSpecDigest): ContainerSpecDigest[] {
  const position = context.input.pod.containers.indexOf(sidecar);
  return context.input.pod.containers.slice(position + 1).filter((container) => !context.laneOf(container.name)?.firstRunningAt);
}

function blockedFinding(context: RuleContext, sidecar: ContainerSpecDigest): Finding | undefined {
  const status = context.statusOf(sidecar.name);
  const { pod, now, events = [] } = context.input;
  if (!status || status.started === true || pod.deletedAt !== undefined || pod.phase !== 'Pending') return undefined;
  const waitingOn = laterNeverRan(context, sidecar);
  if (waitingOn.length === 0) return undefined;
  const since = context.laneOf(sidecar.name)?.firstRunningAt ?? (pod.startTime === undefined ? undefined : reported(pod.startTime));
  const probeFailures = events.filter((event) => event.container === sidecar.name && event.reason === 'Unhealthy').reduce((sum, event) => sum + event.count, 0);
  const crashing = status.restartCount > 0 || (status.state.state === 'waiting' && status.state.reason === 'CrashLoopBackOff');
  const longEnough = since !== undefined && now - since.at >= STARTUP_BLOCKED_AFTER_MS;
  if (!crashing && !longEnough && probeFailures === 0) return undefined;
  const evidence = [
    fieldEvidence(`${sidecar.name} started`, String(status.started ?? 'unknown')),
    fieldEvidence('restarts', status.restartCount),
    fieldEvidence('waiting to start', waitingOn.map((container) => container.name).join(', ')),
  ];
  if (since) evidence.unshift(timeEvidence(`${sidecar.name} waiting/running since`, since));
  if (probeFailures > 0) evidence.push(fieldEvidence('startup/readiness probe failures (events)', probeFailures));
  return makeFinding(context, 'sidecar-startup-blocked', {
    container: sidecar.name,
    message: `${sidecar.name} never became started; ${waitingOn.map((container) => container.name).join(', ')} cannot start`,
    evidence,
    ...startupBlockedFix(context, sidecar),
  });
}

/** What to check, with the sidecar's own startupProbe figures (or their absence) filled in. */
function startupBlockedFix(context: RuleContext, sidecar: ContainerSpecDigest): { fix: string } {
  const { pod } = context.input;
  const probe = sidecar.startupProbe;
  const logs = `\`kubectl logs ${pod.name} -n ${pod.namespace} -c ${sidecar.name}\``;
  if (!probe)
    return {
      fix: `Check why ${sidecar.name} does not start (${logs}): it has no startupProbe, so it counts as started once its process runs; it is crashing before that.`,
    };
  const target = [probe.handler, probe.path, probe.port].filter((part) => part !== undefined).join(' ');
  const budget = probe.initialDelaySeconds + probe.failureThreshold * probe.periodSeconds;
  return {
    fix: `Check why ${sidecar.name} does not start (${logs}) and whether its startupProbe (${target}) answers on that port and path: it allows ${budget} s (initialDelaySeconds ${probe.initialDelaySeconds} + failureThreshold ${probe.failureThreshold} × periodSeconds ${probe.periodSeconds}); raise failureThreshold if a slow start needs longer.`,
  };
}

/** Raises `sidecar-startup-blocked` for a native sidecar that holds the rest of the pod in Init. */
export const detectStartupBlocked: Rule = (context) =>
  context.sidecars.filter((sidecar) => sidecar.kind === 'native-sidecar').flatMap((sidecar) => blockedFinding(context, sidecar) ?? []);

function looksInjected(context: RuleContext, container: ContainerSpecDigest): boolean {
  return isKnownSidecarName(container.name) || isKnownSidecarImage(container.image) || injectedSidecars(context.input.pod.annotations).has(container.name);
}

function runningInit(context: RuleContext): { container: ContainerSpecDigest; runningMs: number; since: number }[] {
  const { pod, now } = context.input;
  return pod.containers.flatMap((container) => {
    const state = pod.statuses[container.name]?.state;
    if (container.kind !== 'init' || state?.state !== 'running' || pod.deletedAt !== undefined) return [];
    const since = state.startedAt ?? pod.startTime ?? now;
    return [{ container, runningMs: now - since, since }];
  });
}

/** Raises `sidecar-dropped-restart-policy` for a sidecar-looking plain init container that keeps running. */
export const detectDroppedRestartPolicy: Rule = (context) =>
  runningInit(context)
    .filter(({ container }) => looksInjected(context, container))
    .map(({ container, since }) => {
      const evidence = [
        fieldEvidence('list', 'initContainers'),
        fieldEvidence('restartPolicy', container.restartPolicy ?? 'unset'),
        timeEvidence('running since', reported(since)),
      ];
      const fix = droppedPolicyFix(context, container);
      if (fix) evidence.push(fieldEvidence('injected by', `${fix.injected.profile.name} (${fix.injected.signals.join('; ')})`));
      return makeFinding(context, 'sidecar-dropped-restart-policy', {
        container: container.name,
        message: `${container.name} looks like a sidecar but is a plain init container (no restartPolicy: Always); the pod waits in Init`,
        evidence,
        ...(fix ? { fix: fix.fix, ...(fix.fixValues ? { fixValues: fix.fixValues } : {}) } : {}),
      });
    });

/** Raises `init-never-completes` for a server-like plain init container (ports, probes) or one running for very long. */
export const detectInitNeverCompletes: Rule = (context) =>
  runningInit(context).flatMap(({ container, runningMs, since }) => {
    if (looksInjected(context, container)) return [];
    const serverLike = container.ports.length > 0 || container.readinessProbe !== undefined || container.livenessProbe !== undefined;
    const stuck = serverLike ? runningMs >= INIT_SERVER_AFTER_MS : runningMs >= INIT_LONG_RUNNING_MS;
    if (!stuck) return [];
    const minutes = Math.floor(runningMs / 60_000);
    return [
      makeFinding(context, 'init-never-completes', {
        container: container.name,
        severity: serverLike ? 'critical' : 'warning',
        message: `init container ${container.name} has been running for ${minutes > 0 ? `${minutes} min` : `${Math.round(runningMs / 1000)} s`}${serverLike ? ' and serves ports' : ''}; the pod waits in Init`,
        evidence: [
          timeEvidence('running since', reported(since)),
          fieldEvidence('ports', container.ports.join(', ') || 'none'),
          fieldEvidence('restartPolicy', container.restartPolicy ?? 'unset'),
        ],
      }),
    ];
  });
