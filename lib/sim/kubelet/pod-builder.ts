/**
 * Turns a scenario's compact pod description into a full Pod object with the defaults the API
 * server and admission fill in (imagePullPolicy, terminationMessagePath, tolerations, the
 * service-account volume, QoS class), so the sim's pods look like `kubectl get pod -o json`.
 */
import type { ContainerSpec, OwnerReference, Pod, PodSpec } from '../kube-types';
import { toRfc3339 } from '../time-format';

export interface PodDraft {
  name: string;
  namespace: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: { kind: 'ReplicaSet' | 'Job' | 'StatefulSet' | 'DaemonSet'; name: string; uid: string };
  generateName?: string;
  initContainers?: ContainerSpec[];
  containers: ContainerSpec[];
  restartPolicy?: PodSpec['restartPolicy'];
  terminationGracePeriodSeconds?: number;
  volumes?: unknown[];
}

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function withDefaults(c: ContainerSpec): ContainerSpec {
  const tag = c.image.split('/').pop()?.split(':')[1];
  return {
    imagePullPolicy: tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
    ...c,
    volumeMounts: [...(c.volumeMounts ?? []), { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
  };
}

/** Guaranteed, Burstable or BestEffort, from requests and limits. */
export function qosClassOf(containers: ContainerSpec[]): string {
  const all = containers.map((c) => c.resources ?? {});
  const any = all.some((r) => Object.keys(r.requests ?? {}).length > 0 || Object.keys(r.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = all.every((r) => ['cpu', 'memory'].every((k) => r.limits?.[k] !== undefined && (r.requests?.[k] ?? r.limits[k]) === r.limits[k]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function ownerReference(owner: NonNullable<PodDraft['owner']>): OwnerReference {
  const apiVersion = owner.kind === 'Job' ? 'batch/v1' : 'apps/v1';
  return { apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * What a real pod carries and the dashboard must trim at the door: `managedFields`, and for pods
 * made by `kubectl apply` the last-applied configuration (env values included).
 */
function applyBookkeeping(draft: PodDraft, at: string): { managedFields: unknown[]; annotations?: Record<string, string> } {
  const manager = draft.owner ? 'kube-controller-manager' : 'kubectl-client-side-apply';
  const managedFields = [
    {
      manager,
      operation: 'Update',
      apiVersion: 'v1',
      time: at,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:containers': {} } },
    },
  ];
  if (draft.owner) return { managedFields };
  const applied = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: draft.name, namespace: draft.namespace, labels: draft.labels ?? {} },
    spec: { initContainers: draft.initContainers, containers: draft.containers },
  };
  return { managedFields, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n` } };
}

/** A Pod as the API server stores it on create: `Pending`, not yet scheduled. */
export function buildPod(draft: PodDraft, now: number): Pod {
  const initContainers = draft.initContainers?.map(withDefaults);
  const containers = draft.containers.map(withDefaults);
  const bookkeeping = applyBookkeeping(draft, toRfc3339(now));
  const annotations = { ...draft.annotations, ...bookkeeping.annotations };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: draft.name,
      ...(draft.generateName ? { generateName: draft.generateName } : {}),
      namespace: draft.namespace,
      uid: draft.uid,
      creationTimestamp: toRfc3339(now),
      labels: draft.labels ?? {},
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(draft.owner ? { ownerReferences: [ownerReference(draft.owner)] } : {}),
      managedFields: bookkeeping.managedFields,
    },
    spec: {
      volumes: [
        ...(draft.volumes ?? []),
        { name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } },
      ],
      ...(initContainers ? { initContainers } : {}),
      containers,
      restartPolicy: draft.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: draft.terminationGracePeriodSeconds ?? 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      tolerations: TOLERATIONS,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: { phase: 'Pending', qosClass: qosClassOf([...(initContainers ?? []), ...containers]) },
  };
}
