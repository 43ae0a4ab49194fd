/**
 * The workload a person thinks of when they look at a pod: its Deployment rather than the
 * ReplicaSet that owns it, its CronJob rather than the Job.
 */
import type { WorkloadRef } from './types';

/**
 * Characters of a pod-template-hash: `rand.SafeEncodeString` drops vowels and look-alikes.
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go
 */
const TEMPLATE_HASH = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{5,10})$/;

/**
 * A CronJob names its Jobs `<cronjob>-<scheduled time in minutes since the epoch>`.
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/controller/cronjob/utils.go (`getJobName`)
 */
const SCHEDULED_TIME = /^(.+)-(\d{8,})$/;

/**
 * Maps a pod's declared owner to its workload.
 * - ReplicaSet `web-7d4b9c8f6d` → Deployment `web`, only when the suffix is a pod-template-hash
 *   (matches the pod's `pod-template-hash` label when given, else looks like one).
 * - Job `backup-28689938` → CronJob `backup` when the suffix is a scheduled time in minutes.
 * - any other owner as declared; no owner → `{ kind: 'Pod', name: podName }`.
 */
export function toWorkloadRef(owner: WorkloadRef | undefined, podName: string, templateHash?: string): WorkloadRef {
  if (!owner) return { kind: 'Pod', name: podName };
  if (owner.kind === 'ReplicaSet') {
    const deployment = deploymentName(owner.name, templateHash);
    return deployment ? { kind: 'Deployment', name: deployment } : owner;
  }
  if (owner.kind === 'Job') {
    const match = SCHEDULED_TIME.exec(owner.name);
    return match?.[1] ? { kind: 'CronJob', name: match[1] } : owner;
  }
  return owner;
}

function deploymentName(replicaSet: string, templateHash: string | undefined): string | undefined {
  if (templateHash && replicaSet.endsWith(`-${templateHash}`)) {
    const name = replicaSet.slice(0, -templateHash.length - 1);
    return name.length > 0 ? name : undefined;
  }
  return TEMPLATE_HASH.exec(replicaSet)?.[1];
}

/**
 * Picks the owner that matters from raw `metadata.ownerReferences`: the controller when one is
 * marked, else the first well-formed reference. Odd entries are skipped.
 */
export function pickOwner(references: unknown): WorkloadRef | undefined {
  if (!Array.isArray(references)) return undefined;
  let first: WorkloadRef | undefined;
  for (const reference of references as unknown[]) {
    if (typeof reference !== 'object' || reference === null) continue;
    const { kind, name, controller } = reference as Record<string, unknown>;
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    if (controller === true) return { kind, name };
    first ??= { kind, name };
  }
  return first;
}
