/**
 * `aPod` and `aDigest`: a whole raw Pod from a few readable options. Use through `./builders`.
 */
import { toPodDigest } from '../digest';
import type { PodDigest } from '../types';
import { aContainer, at } from './container-builders';
import type { RawCondition, RawContainer, RawContainerStatus, RawOwnerReference, RawPod } from './raw-types';

export interface PodOptions {
  name?: string;
  namespace?: string;
  /** Default `uid-<namespace>-<name>`; `null` leaves `metadata.uid` out. */
  uid?: string | null;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** From {@link ownedBy}, e.g. `ownedBy('ReplicaSet', 'web-7d4b9c8f6d')`. */
  owner?: RawOwnerReference;
  /** `metadata.creationTimestamp`, default `at(0)`. */
  createdAt?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  nodeName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  initContainers?: RawContainer[];
  /** Default one container, `app`. */
  containers?: RawContainer[];
  /** Default `Pending` without statuses, `Running` with them. */
  phase?: string;
  reason?: string;
  message?: string;
  /** `status.startTime`, default `at(0)` once the pod has statuses. */
  startTime?: string;
  qosClass?: string;
  conditions?: RawCondition[];
  /** Routed to `initContainerStatuses` or `containerStatuses` by the container's name. */
  statuses?: RawContainerStatus[];
}

/** A controller owner reference, as a ReplicaSet or Job controller writes it. */
export function ownedBy(kind: string, name: string): RawOwnerReference {
  const apiVersion = kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  return { apiVersion, kind, name, uid: `uid-${kind.toLowerCase()}-${name}`, controller: true, blockOwnerDeletion: true };
}

function buildMetadata(options: PodOptions): RawPod['metadata'] {
  const name = options.name ?? 'web-0';
  const namespace = options.namespace ?? 'default';
  const metadata: RawPod['metadata'] = {
    name,
    namespace,
    resourceVersion: options.resourceVersion ?? '1',
    creationTimestamp: options.createdAt ?? at(0),
  };
  if (options.uid !== null) metadata.uid = options.uid ?? `uid-${namespace}-${name}`;
  if (options.labels) metadata.labels = options.labels;
  if (options.annotations) metadata.annotations = options.annotations;
  if (options.owner) metadata.ownerReferences = [options.owner];
  if (options.deletionTimestamp !== undefined) metadata.deletionTimestamp = options.deletionTimestamp;
  if (options.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = options.deletionGracePeriodSeconds;
  return metadata;
}

function buildStatus(options: PodOptions, initContainers: RawContainer[]): Record<string, unknown> {
  const statuses = options.statuses ?? [];
  const initNames = new Set(initContainers.map((container) => container.name));
  const status: Record<string, unknown> = { phase: options.phase ?? (statuses.length > 0 ? 'Running' : 'Pending') };
  if (options.reason !== undefined) status.reason = options.reason;
  if (options.message !== undefined) status.message = options.message;
  if (options.conditions) status.conditions = options.conditions;
  if (options.startTime !== undefined || statuses.length > 0) status.startTime = options.startTime ?? at(0);
  if (options.qosClass !== undefined) status.qosClass = options.qosClass;
  const initStatuses = statuses.filter((entry) => initNames.has(entry.name));
  const regularStatuses = statuses.filter((entry) => !initNames.has(entry.name));
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  if (regularStatuses.length > 0) status.containerStatuses = regularStatuses;
  return status;
}

/** A raw Pod (`apiVersion: v1`, `kind: Pod`) as the API server would return it. */
export function aPod(options: PodOptions = {}): RawPod {
  const initContainers = options.initContainers ?? [];
  const spec: RawPod['spec'] = {
    containers: options.containers ?? [aContainer('app')],
    restartPolicy: options.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
  };
  if (initContainers.length > 0) spec.initContainers = initContainers;
  if (options.nodeName !== undefined) spec.nodeName = options.nodeName;
  else if (options.statuses && options.statuses.length > 0) spec.nodeName = 'node-1';
  return { apiVersion: 'v1', kind: 'Pod', metadata: buildMetadata(options), spec, status: buildStatus(options, initContainers) };
}

/** The digest of a raw pod; throws (failing the test loudly) if it is not a pod. */
export function digestOf(pod: unknown): PodDigest {
  const digest = toPodDigest(pod);
  if (!digest) throw new Error('builders: toPodDigest returned undefined for a built pod');
  return digest;
}

/** `toPodDigest(aPod(options))`, never undefined. */
export function aDigest(options: PodOptions = {}): PodDigest {
  return digestOf(aPod(options));
}
