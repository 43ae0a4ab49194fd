/**
 * The workload page's read model: the pods of one workload (live and retained deleted ones),
 * their lifecycles derived again on request (the hub keeps none), bounded to the newest
 * {@link MAX_PODS_DERIVED}, then the pure `toWorkloadDetail`.
 */
import 'server-only';
import { deriveLifecycle } from '../model/lifecycle';
import { toWorkloadDetail } from '../model/workload-detail';
import type { WorkloadDetail } from '../model/workload-view';
import type { ReplicaInput } from '../model/workload-startup';
import type { PodDigest } from '../model/types';
import type { Hub } from './hub';
import type { PodEntry } from './pod-entry';

/** Pods whose lifecycle one request derives (about 0.2 ms each): the newest of a larger workload. */
export const MAX_PODS_DERIVED = 500;
/** Replicas sent with their lanes, slowest first. */
export const MAX_REPLICAS_SENT = 60;

const startOf = (pod: PodDigest) => pod.startTime ?? pod.createdAt ?? 0;

/** The workload's detail, or undefined when the dashboard knows no pod of it. */
export function workloadOf(hub: Hub, namespace: string, kind: string, name: string, logsEnabled: boolean): WorkloadDetail | undefined {
  hub.flush();
  const entries: { entry: Readonly<PodEntry>; pod: PodDigest }[] = [];
  for (const entry of hub.pods()) {
    const { workload } = entry;
    if (entry.derived && entry.namespace === namespace && workload.kind === kind && workload.name === name) entries.push({ entry, pod: entry.digest });
  }
  if (entries.length === 0) return undefined;
  const now = hub.options.now();
  const newest = entries.sort((a, b) => startOf(b.pod) - startOf(a.pod)).slice(0, MAX_PODS_DERIVED);
  const inputs: ReplicaInput[] = newest.flatMap(({ entry, pod }) => {
    const derived = entry.derived;
    if (!derived) return [];
    const events = hub.eventsOf(entry.key, entry.uid);
    const lifecycle = deriveLifecycle({ pod, observations: entry.observations, events, now });
    return [
      {
        pod,
        lifecycle,
        row: derived.row,
        findings: derived.findings,
        ...(derived.startupTaxMs === undefined ? {} : { startupTaxMs: derived.startupTaxMs }),
      },
    ];
  });
  const workload = newest[0]?.pod.workload ?? { kind, name };
  return toWorkloadDetail(inputs, {
    namespace,
    workload,
    at: now,
    pods: entries.length,
    maxReplicas: MAX_REPLICAS_SENT,
    cluster: hub.clusterFacts(),
    logsEnabled,
  });
}
