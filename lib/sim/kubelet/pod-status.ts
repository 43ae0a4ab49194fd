/**
 * Builds `status` from the kubelet's view of a pod: container statuses, phase, and the five
 * conditions in the order the kubelet writes them. Ported in spirit from
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/kubelet_pods.go (getPhase,
 * convertToAPIContainerStatuses) and pkg/kubelet/status/generate.go.
 */
import type { ContainerStateWire, ContainerStatusWire, PodCondition, PodStatus } from '../kube-types';
import { toRfc3339 } from '../time-format';
import type { ContainerRuntime, Termination } from './behaviour';

export interface PodRuntimeView {
  now: number;
  containers: ContainerRuntime[];
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** Set once the kubelet has admitted the pod and created the sandbox. */
  sandboxReady: boolean;
  /** The sandbox was removed after every container stopped. */
  sandboxGone: boolean;
  startTime?: number;
  hostIP?: string;
  podIP?: string;
  qosClass: string;
  /** The time each condition type last changed; updated in place. */
  transitions: Map<string, { status: string; at: number }>;
  imageIDs: Map<string, string>;
}

function terminatedWire(t: Termination): ContainerStateWire {
  return {
    terminated: {
      exitCode: t.exitCode,
      ...(t.signal !== undefined ? { signal: t.signal } : {}),
      reason: t.reason,
      startedAt: toRfc3339(t.startedAt),
      finishedAt: toRfc3339(t.finishedAt),
      containerID: t.containerID,
    },
  };
}

function stateWire(c: ContainerRuntime): ContainerStateWire {
  if (c.phase === 'running' && c.startedAt !== undefined) return { running: { startedAt: toRfc3339(c.startedAt) } };
  if (c.phase === 'terminated' && c.current) return terminatedWire(c.current);
  return { waiting: { reason: c.waitingReason, ...(c.waitingMessage ? { message: c.waitingMessage } : {}) } };
}

/** `nginx` → `docker.io/library/nginx`, `zwindler/x` → `docker.io/zwindler/x`, registries kept. */
export function qualifiedImage(image: string): string {
  const [first, ...rest] = image.split('/');
  if (rest.length === 0) return `docker.io/library/${image}`;
  return first && (first.includes('.') || first.includes(':') || first === 'localhost') ? image : `docker.io/${image}`;
}

function statusWire(c: ContainerRuntime, imageIDs: Map<string, string>): ContainerStatusWire {
  const image = qualifiedImage(c.spec.image);
  return {
    name: c.spec.name,
    state: stateWire(c),
    // Waiting to restart, the run that just ended is the last state (kubelet_pods.go convertToAPIContainerStatuses).
    lastState: c.phase === 'waiting' && c.current ? terminatedWire(c.current) : c.last ? terminatedWire(c.last) : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: image.includes(':') ? image : `${image}:latest`,
    imageID: c.imagePulled ? (imageIDs.get(c.spec.image) ?? '') : '',
    ...(c.containerID && c.phase !== 'waiting' ? { containerID: c.containerID } : {}),
    started: c.started,
  };
}

const isFinished = (c: ContainerRuntime) => c.phase === 'terminated' && c.isDone;

/** Pod phase as the kubelet computes it. */
export function podPhase(view: PodRuntimeView): PodStatus['phase'] {
  const inits = view.containers.filter((c) => c.list === 'initContainers');
  const mains = view.containers.filter((c) => c.list === 'containers');
  const initFailed = inits.some((c) => !c.isNativeSidecar && isFinished(c) && (c.current?.exitCode ?? 0) !== 0);
  if (initFailed && view.restartPolicy === 'Never') return 'Failed';
  const initPending = inits.some((c) => (c.isNativeSidecar ? !c.hasStarted : !(isFinished(c) && c.current?.exitCode === 0)));
  if (initPending || !view.sandboxReady) return 'Pending';
  if (mains.every((c) => c.phase === 'waiting' && c.restartCount === 0 && !c.last)) return 'Pending';
  if (!mains.every(isFinished)) return 'Running';
  const failed = mains.some((c) => (c.current?.exitCode ?? 0) !== 0);
  if (view.restartPolicy === 'Always' && !view.sandboxGone) return 'Running';
  return failed ? 'Failed' : 'Succeeded';
}

function names(list: ContainerRuntime[]): string {
  return `[${list.map((c) => c.spec.name).join(' ')}]`;
}

function conditionList(view: PodRuntimeView, phase: PodStatus['phase']): Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>[] {
  const inits = view.containers.filter((c) => c.list === 'initContainers');
  const incomplete = inits.filter((c) => (c.isNativeSidecar ? !c.hasStarted : !(isFinished(c) && c.current?.exitCode === 0)));
  const mustBeReady = view.containers.filter((c) => c.list === 'containers' || c.isNativeSidecar);
  const unready = mustBeReady.filter((c) => !c.ready);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = completed ? { reason: 'PodCompleted' } : { reason: 'ContainersNotReady', message: `containers with unready status: ${names(unready)}` };
  const allReady = unready.length === 0 && !completed;
  return [
    { type: 'PodReadyToStartContainers', status: view.sandboxReady && !view.sandboxGone ? 'True' : 'False' },
    incomplete.length === 0
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${names(incomplete)}` },
    allReady ? { type: 'Ready', status: 'True' } : { type: 'Ready', status: 'False', ...readyReason },
    allReady ? { type: 'ContainersReady', status: 'True' } : { type: 'ContainersReady', status: 'False', ...readyReason },
    { type: 'PodScheduled', status: 'True' },
  ];
}

/** The full status a kubelet would write now. */
export function buildPodStatus(view: PodRuntimeView): PodStatus {
  const phase = podPhase(view);
  const conditions = conditionList(view, phase).map((c): PodCondition => {
    const seen = view.transitions.get(c.type);
    if (!seen || seen.status !== c.status) view.transitions.set(c.type, { status: c.status, at: view.now });
    const at = view.transitions.get(c.type)?.at ?? view.now;
    return { ...c, lastProbeTime: null, lastTransitionTime: toRfc3339(at) };
  });
  const wire = (list: ContainerRuntime[]) => list.map((c) => statusWire(c, view.imageIDs));
  const inits = view.containers.filter((c) => c.list === 'initContainers');
  return {
    phase,
    conditions,
    ...(view.hostIP ? { hostIP: view.hostIP, hostIPs: [{ ip: view.hostIP }] } : {}),
    ...(view.podIP && !view.sandboxGone ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    ...(view.startTime !== undefined ? { startTime: toRfc3339(view.startTime) } : {}),
    ...(inits.length > 0 ? { initContainerStatuses: wire(inits) } : {}),
    containerStatuses: wire(view.containers.filter((c) => c.list === 'containers')),
    qosClass: view.qosClass,
  };
}
