/**
 * kubectl's STATUS, READY and RESTARTS columns for a pod, so the dashboard says exactly what
 * `kubectl get pods` says. Ported from `printPod` in
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/printers/internalversion/printers.go
 * including its handling of restartable init containers (native sidecars, since 1.28): a started
 * sidecar does not hold the pod in `Init:`, and READY counts sidecars with the regular containers.
 */
import type { ContainerSpecDigest, ContainerStatusDigest, PodDigest } from './types';

/** The three columns as kubectl prints them (RESTARTS without the "(5m ago)" suffix). */
export interface KubectlColumns {
  status: string;
  ready: string;
  restarts: number;
}

interface InitWalk {
  reason?: string;
  initializing: boolean;
  readySidecars: number;
  restarts: number;
  sidecarRestarts: number;
}

function terminatedReason(status: ContainerStatusDigest, prefix: string): string | undefined {
  const { state } = status;
  if (state.state !== 'terminated') return undefined;
  if (state.reason) return `${prefix}${state.reason}`;
  if (state.signal) return `${prefix}Signal:${state.signal}`;
  return `${prefix}ExitCode:${state.exitCode ?? 0}`;
}

/**
 * Statuses of one list in the order the API sent them (the digest keeps insertion order): kubectl
 * walks `initContainerStatuses` forwards and `containerStatuses` (sorted by name) backwards.
 */
function statusesOf(pod: PodDigest, list: ContainerSpecDigest['list']): { status: ContainerStatusDigest; spec: ContainerSpecDigest }[] {
  const specs = new Map(pod.containers.filter((container) => container.list === list).map((container) => [container.name, container]));
  return Object.values(pod.statuses).flatMap((status) => {
    const spec = specs.get(status.name);
    return spec ? [{ status, spec }] : [];
  });
}

function walkInitContainers(pod: PodDigest): InitWalk {
  const declared = pod.containers.filter((container) => container.list === 'initContainers').length;
  const walk: InitWalk = { initializing: false, readySidecars: 0, restarts: 0, sidecarRestarts: 0 };
  for (const [index, { status, spec }] of statusesOf(pod, 'initContainers').entries()) {
    const isSidecar = spec.kind === 'native-sidecar';
    walk.restarts += status.restartCount;
    if (isSidecar) walk.sidecarRestarts += status.restartCount;
    const { state } = status;
    if (state.state === 'terminated' && (state.exitCode ?? 0) === 0) continue;
    if (isSidecar && status.started === true) {
      if (status.ready) walk.readySidecars += 1;
      continue;
    }
    walk.initializing = true;
    if (state.state === 'terminated') walk.reason = terminatedReason(status, 'Init:');
    else if (state.state === 'waiting' && state.reason && state.reason !== 'PodInitializing') walk.reason = `Init:${state.reason}`;
    else walk.reason = `Init:${index}/${declared}`;
    break;
  }
  return walk;
}

function hasTrueCondition(pod: PodDigest, type: string): boolean {
  return pod.conditions.some((condition) => condition.type === type && condition.status === 'True');
}

function initialReason(pod: PodDigest): string {
  const scheduling = pod.conditions.find((condition) => condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated');
  return scheduling ? 'SchedulingGated' : pod.reason || pod.phase;
}

/** kubectl's STATUS, READY and RESTARTS for the pod, computed in one pass as `printPod` does. */
export function kubectlColumns(pod: PodDigest): KubectlColumns {
  const regular = pod.containers.filter((container) => container.list === 'containers');
  const sidecarCount = pod.containers.filter((container) => container.kind === 'native-sidecar').length;
  const walk = walkInitContainers(pod);
  let reason = walk.reason ?? initialReason(pod);
  let restarts = walk.restarts;
  let ready = walk.readySidecars;
  if (!walk.initializing || hasTrueCondition(pod, 'Initialized')) {
    restarts = walk.sidecarRestarts;
    let hasRunning = false;
    for (const { status } of statusesOf(pod, 'containers').reverse()) {
      restarts += status.restartCount;
      const { state } = status;
      if (state.state === 'waiting' && state.reason) reason = state.reason;
      else if (state.state === 'terminated') reason = terminatedReason(status, '') ?? reason;
      else if (status.ready && state.state === 'running') {
        hasRunning = true;
        ready += 1;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }
  const terminal = pod.phase === 'Succeeded' || pod.phase === 'Failed';
  if (pod.deletedAt !== undefined && pod.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.deletedAt !== undefined && !terminal) reason = 'Terminating';
  return { status: reason, ready: `${ready}/${regular.length + sidecarCount}`, restarts };
}

/** kubectl's STATUS column: `Init:0/1`, `PodInitializing`, `CrashLoopBackOff`, `Completed`, `Terminating`, … */
export function podStatusText(pod: PodDigest): string {
  return kubectlColumns(pod).status;
}

/** kubectl's READY column, e.g. `1/2`: ready regular containers and started, ready native sidecars. */
export function readyText(pod: PodDigest): string {
  return kubectlColumns(pod).ready;
}

/** kubectl's RESTARTS: init restarts while initialising, else sidecar plus regular container restarts. */
export function totalRestarts(pod: PodDigest): number {
  return kubectlColumns(pod).restarts;
}
