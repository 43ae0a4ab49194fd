/**
 * The effective pod request the scheduler uses once native sidecars are involved (KEP-753,
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers#resources-calculation-for-scheduling-and-pod-admission).
 */
import type { ContainerResources, PodDigest } from './types';

/** CPU and memory with both figures present (missing declarations count as zero). */
export interface ResourceSum {
  cpuMilli: number;
  memoryBytes: number;
}

const ZERO: ResourceSum = { cpuMilli: 0, memoryBytes: 0 };

function add(a: ResourceSum, b: ResourceSum): ResourceSum {
  return { cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes };
}

function max(a: ResourceSum, b: ResourceSum): ResourceSum {
  return { cpuMilli: Math.max(a.cpuMilli, b.cpuMilli), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) };
}

function requestsOf(resources: ContainerResources): ResourceSum {
  return { cpuMilli: resources.requests.cpuMilli ?? 0, memoryBytes: resources.requests.memoryBytes ?? 0 };
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
    const own = requestsOf(container.resources);
    if (container.kind === 'native-sidecar') {
      sidecars = add(sidecars, own);
      initPhase = max(initPhase, sidecars);
    } else {
      initPhase = max(initPhase, add(own, sidecars));
    }
  }
  const regular = pod.containers.filter((container) => container.list === 'containers');
  const running = regular.reduce((sum, container) => add(sum, requestsOf(container.resources)), sidecars);
  return max(initPhase, running);
}
