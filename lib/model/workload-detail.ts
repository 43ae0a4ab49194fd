/** Assembles the workload page's payload from the replicas the server knows. Pure. */
import { adviseProbes } from './probe-advice';
import type { ClusterFacts, WorkloadRef } from './types';
import type { WorkloadDetail } from './workload-view';
import { alignmentOrigin, groupFindings, toContainerStartupStats, toDurationStats, toReplicaStartups, type ReplicaInput } from './workload-startup';

export interface WorkloadDetailOptions {
  namespace: string;
  workload: WorkloadRef;
  at: number;
  /** Pods of the workload known in all (the inputs may be the newest of them only). */
  pods: number;
  /** Replicas sent with their lanes, slowest first. */
  maxReplicas: number;
  cluster?: ClusterFacts;
  logsEnabled: boolean;
}

/** The workload's replicas aligned, container durations, grouped findings and probe advice. */
export function toWorkloadDetail(inputs: readonly ReplicaInput[], options: WorkloadDetailOptions): WorkloadDetail {
  const containers = toContainerStartupStats(inputs);
  const newest = [...inputs].sort((a, b) => (alignmentOrigin(b.pod, b.lifecycle) ?? 0) - (alignmentOrigin(a.pod, a.lifecycle) ?? 0))[0];
  const live = inputs.filter((i) => !i.row.deleted);
  return {
    namespace: options.namespace,
    workload: options.workload,
    at: options.at,
    pods: options.pods,
    podsMeasured: inputs.length,
    replicas: toReplicaStartups(inputs, options.maxReplicas),
    containers,
    findings: groupFindings(live.map((i) => i.findings)),
    advice: newest
      ? adviseProbes({
          containers: newest.pod.containers,
          pod: newest.pod,
          stats: containers,
          lifecycles: inputs.map((i) => i.lifecycle),
          cluster: options.cluster,
        })
      : [],
    startupTax: toDurationStats(inputs.flatMap((i) => (i.startupTaxMs === undefined ? [] : [i.startupTaxMs]))),
    logsEnabled: options.logsEnabled,
  };
}
