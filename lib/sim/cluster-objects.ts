/** The Namespace and Node objects the simulated cluster starts with. */
import type { KubeObject } from './kube-types';
import { toRfc3339 } from './time-format';

export const KUBELET_VERSION = 'v1.33.1';

export function namespaceObject(name: string, uid: string, now: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid, creationTimestamp: toRfc3339(now), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function nodeObject(name: string, ip: string, podCIDR: string, uid: string, now: number): KubeObject {
  const at = toRfc3339(now);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid,
      creationTimestamp: at,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'sim.large' },
    },
    spec: { podCIDR, podCIDRs: [podCIDR], providerID: `sim://${name}` },
    status: {
      capacity: { cpu: '8', memory: '32781696Ki', pods: '110', 'ephemeral-storage': '101430960Ki' },
      allocatable: { cpu: '7910m', memory: '29866368Ki', pods: '110', 'ephemeral-storage': '93478772582' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        containerRuntimeVersion: 'containerd://1.7.22',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-45-generic',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: uid.replace(/-/g, ''),
        systemUUID: uid,
        bootID: uid,
      },
    },
  };
}
