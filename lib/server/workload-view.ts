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
import type { Hub } from './hub';
import type { PodEntry } from './pod-entry';

/** Pods whose lifecycle one request derives (about 0.2 ms each): the newest of a larger workload. */
export const MAX_PODS_DERIVED = 500;
/** Replicas sent with their lanes, slowest first. */
export const MAX_REPLICAS_SENT = 60;

const startOf = (entry: Readonly<PodEntry>) => entry.digest.startTime ?? entry.digest.createdAt ?? 0;

/** The workload's detail, or undefined when the dashboard knows no pod of it. */
export function workloadOf(hub: Hub, namespace: string, kind: string, name: string, logsEnabled: boolean): WorkloadDetail | undefined {
  hub.flush();
  const entries: Readonly<PodEntry>[] = [];
  for (const entry of hub.pods()) {
    const { digest } = entry;
    if (entry.derived && digest.namespace === namespace && digest.workload.kind === kind && digest.workload.name === name) entries.push(entry);
  }
  if (entries.length === 0) return undefined;
  const now = hub.options.now();
  const newest = entries.sort((a, b) => startOf(b) - startOf(a)).slice(0, MAX_PODS_DERIVED);
  const inputs: ReplicaInput[] = newest.flatMap((entry) => {
    const derived = entry.derived;
    if (!derived) return [];
    const events = hub.eventsOf(entry.key, entry.uid);
    const lifecycle = deriveLifecycle({ pod: entry.digest, observations: entry.observations, events, now });
    return [
      {
        pod: entry.digest,
        lifecycle,
        row: derived.row,
        findings: derived.findings,
        ...(derived.startupTaxMs === undefined ? {} : { startupTaxMs: derived.startupTaxMs }),
      },
    ];
  });
  const workload = newest[0]?.digest.workload ?? { kind, name };
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
