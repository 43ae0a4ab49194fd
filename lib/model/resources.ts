/**
 * Requests and limits per container and per pod, including the effective pod request the
 * scheduler uses once native sidecars are involved (KEP-753,
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers#resources-calculation-for-scheduling-and-pod-admission).
 */
import { isSidecarKind } from './classify';
import type { ContainerResources, ContainerSpecDigest, PodDigest } from './types';

/** CPU and memory with both figures present (missing declarations count as zero). */
export interface ResourceSum {
  cpuMilli: number;
  memoryBytes: number;
}

export type ContainerFilter = (container: ContainerSpecDigest) => boolean;

/** Native and legacy sidecars. */
export const isSidecarContainer: ContainerFilter = (container) => isSidecarKind(container.kind);
/** Main (app) containers. */
export const isMainContainer: ContainerFilter = (container) => container.kind === 'main';
/** Every container that runs for the pod's lifetime: mains and sidecars, not plain init containers. */
export const isLongRunningContainer: ContainerFilter = (container) => container.kind !== 'init';

const ZERO: ResourceSum = { cpuMilli: 0, memoryBytes: 0 };

function add(a: ResourceSum, b: ResourceSum): ResourceSum {
  return { cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes };
}

function max(a: ResourceSum, b: ResourceSum): ResourceSum {
  return { cpuMilli: Math.max(a.cpuMilli, b.cpuMilli), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) };
}

function figures(resources: ContainerResources, which: 'requests' | 'limits'): ResourceSum {
  const declared = resources[which];
  return { cpuMilli: declared.cpuMilli ?? 0, memoryBytes: declared.memoryBytes ?? 0 };
}

/** The requests and limits declared by one container of the pod, or undefined when it has none by that name. */
export function containerResources(pod: PodDigest, name: string): ContainerResources | undefined {
  return pod.containers.find((container) => container.name === name)?.resources;
}

/** Sum of the requests of the containers `filter` keeps (all containers by default). */
export function sumRequests(pod: PodDigest, filter: ContainerFilter = () => true): ResourceSum {
  return pod.containers.filter(filter).reduce((sum, container) => add(sum, figures(container.resources, 'requests')), ZERO);
}

/** Sum of the limits of the containers `filter` keeps; a container without a limit adds zero. */
export function sumLimits(pod: PodDigest, filter: ContainerFilter = () => true): ResourceSum {
  return pod.containers.filter(filter).reduce((sum, container) => add(sum, figures(container.resources, 'limits')), ZERO);
}

/**
 * The pod's effective request, per resource, as the scheduler computes it
 * (`AggregateContainerRequests` in
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/staging/src/k8s.io/component-helpers/resource/helpers.go):
 * walking init containers in order, a plain init container needs its own request plus every
 * native sidecar declared before it, a native sidecar needs itself plus those before it; the pod
 * needs the larger of the highest such init-phase need and the sum of all native sidecars and
 * regular containers (mains and legacy sidecars). Pod overhead and pod-level resources are not
 * included.
 */
export function effectivePodRequests(pod: PodDigest): ResourceSum {
  let sidecars = ZERO;
  let initPhase = ZERO;
  for (const container of pod.containers) {
    if (container.list !== 'initContainers') continue;
    const own = figures(container.resources, 'requests');
    if (container.kind === 'native-sidecar') {
      sidecars = add(sidecars, own);
      initPhase = max(initPhase, sidecars);
    } else {
      initPhase = max(initPhase, add(own, sidecars));
    }
  }
  const running = add(sidecars, sumRequests(pod, (container) => container.list === 'containers'));
  return max(initPhase, running);
}
