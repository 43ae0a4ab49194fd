/**
 * Raw Pod (API JSON, client-node object, fixture) → {@link PodDigest}, once, at the door.
 */
import { classifyContainers, type ContainerIdentity, type PodClassification } from './classify';
import { toContainerResources, toContainerStatus, toPorts, toProbeDigest } from './digest-containers';
import { isRecord, readArray, readNumber, readObject, readString, readStringMap, readTime, type RawObject } from './raw';
import {
  CLOUD_SQL_OPERATOR_ANNOTATION_PREFIX,
  DEFAULT_CONTAINER_ANNOTATION,
  INJECTION_ANNOTATIONS,
  ISTIO_STATUS_ANNOTATION,
  MAIN_OVERRIDE_ANNOTATION,
  SIDECARS_OVERRIDE_ANNOTATION,
} from './sidecar-signals';
import type { ContainerSpecDigest, ContainerStatusDigest, PodConditionDigest, PodDigest, PodRestartPolicy } from './types';
import { pickOwner, toWorkloadRef } from './workload';

/**
 * The only annotations a digest keeps: those that say which containers are sidecars and which
 * injector wrote them, and the injectors' switches a fix must know are already set.
 */
export const RELEVANT_ANNOTATIONS: readonly string[] = [
  SIDECARS_OVERRIDE_ANNOTATION,
  MAIN_OVERRIDE_ANNOTATION,
  DEFAULT_CONTAINER_ANNOTATION,
  ISTIO_STATUS_ANNOTATION,
  'sidecar.istio.io/inject',
  ...Object.keys(INJECTION_ANNOTATIONS),
  'linkerd.io/inject',
  'vault.hashicorp.com/agent-inject',
  'dapr.io/app-id',
  'sidecar.istio.io/nativeSidecar',
  'config.linkerd.io/proxy-await',
  'config.alpha.linkerd.io/proxy-enable-native-sidecar',
  'config.beta.linkerd.io/proxy-enable-native-sidecar',
  'config.linkerd.io/proxy-enable-native-sidecar',
  'consul.hashicorp.com/enable-consul-dataplane-as-sidecar',
  'kuma.io/wait-for-dataplane-ready',
  'dapr.io/enable-native-sidecar',
  'vault.hashicorp.com/agent-pre-populate',
  'vault.hashicorp.com/agent-pre-populate-only',
];

const RELEVANT = new Set(RELEVANT_ANNOTATIONS);
/** Kept too: keys under these prefixes (`cloudsql.cloud.google.com/<AuthProxyWorkload>`). */
const RELEVANT_PREFIXES: readonly string[] = [CLOUD_SQL_OPERATOR_ANNOTATION_PREFIX];
const isRelevantAnnotation = (key: string): boolean => RELEVANT.has(key) || RELEVANT_PREFIXES.some((prefix) => key.startsWith(prefix));
const RESTART_POLICIES: readonly PodRestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const DEFAULT_GRACE_SECONDS = 30;

type ContainerList = ContainerSpecDigest['list'];

function toIdentities(spec: RawObject | undefined, list: ContainerList, problems: string[]): (ContainerIdentity & { raw: RawObject })[] {
  const identities: (ContainerIdentity & { raw: RawObject })[] = [];
  readArray(spec, list, problems, `spec.${list}`).forEach((raw, index) => {
    const name = isRecord(raw) ? readString(raw, 'name') : undefined;
    if (!isRecord(raw) || name === undefined) {
      problems.push(`spec.${list}[${index}]: container without a name`);
      return;
    }
    identities.push({ name, image: readString(raw, 'image') ?? '', restartPolicy: readString(raw, 'restartPolicy'), raw });
  });
  return identities;
}

/** The problem a digest carries when the Pod came without `spec` (status-only captures). */
export const SPEC_MISSING_PROBLEM = 'spec: missing; containers taken from their statuses (names, images), probes, resources and restart policies unknown';

function isActive(raw: unknown): boolean {
  const state = isRecord(raw) ? readObject(raw, 'state') : undefined;
  return state !== undefined && (isRecord(state.running) || isRecord(state.terminated));
}

/**
 * Container identities from the statuses of a Pod without `spec`. An init container that runs
 * while a main container has started is a native sidecar: the kubelet starts main containers only
 * after every regular init container has completed.
 */
function toIdentitiesFromStatuses(status: RawObject | undefined, list: ContainerList): (ContainerIdentity & { raw: RawObject })[] {
  const key = list === 'initContainers' ? 'initContainerStatuses' : 'containerStatuses';
  const mainStarted = readArray(status, 'containerStatuses').some(isActive);
  return readArray(status, key).flatMap((raw) => {
    const name = isRecord(raw) ? readString(raw, 'name') : undefined;
    if (!isRecord(raw) || name === undefined) return [];
    const running = isRecord(readObject(raw, 'state')?.running);
    const restartPolicy = list === 'initContainers' && running && mainStarted ? 'Always' : undefined;
    return [{ name, image: readString(raw, 'image') ?? '', restartPolicy, raw: {} }];
  });
}

function toSpecs(spec: RawObject | undefined, status: RawObject | undefined, annotations: Record<string, string>, problems: string[]): ContainerSpecDigest[] {
  const fromStatuses = spec === undefined;
  if (fromStatuses) problems.push(SPEC_MISSING_PROBLEM);
  const init = fromStatuses ? toIdentitiesFromStatuses(status, 'initContainers') : toIdentities(spec, 'initContainers', problems);
  const regular = fromStatuses ? toIdentitiesFromStatuses(status, 'containers') : toIdentities(spec, 'containers', problems);
  const classes = classifyContainers({ initContainers: init, containers: regular, annotations });
  return [...describeSpecs('initContainers', init, classes.initContainers, problems), ...describeSpecs('containers', regular, classes.containers, problems)];
}

/** The digests of one list's containers (a function of its own: a closure per pod costs at a sync's scale). */
function describeSpecs(
  list: ContainerList,
  identities: ReturnType<typeof toIdentities>,
  kinds: PodClassification['containers'],
  problems: string[],
): ContainerSpecDigest[] {
  return identities.map((identity, index): ContainerSpecDigest => {
    const { raw } = identity;
    const path = `spec.${list}[${index}]`;
    return {
      name: identity.name,
      image: identity.image,
      kind: kinds[index]?.kind ?? 'main',
      signal: kinds[index]?.signal,
      list,
      index,
      restartPolicy: identity.restartPolicy,
      startupProbe: toProbeDigest(raw.startupProbe),
      readinessProbe: toProbeDigest(raw.readinessProbe),
      livenessProbe: toProbeDigest(raw.livenessProbe),
      hasPreStop: isRecord(readObject(raw, 'lifecycle')?.preStop),
      resources: toContainerResources(raw.resources, problems, `${path}.resources`),
      ports: toPorts(raw),
    };
  });
}

function toStatuses(status: RawObject | undefined, problems: string[]): Record<string, ContainerStatusDigest> {
  const statuses: Record<string, ContainerStatusDigest> = {};
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    readArray(status, key, problems, `status.${key}`).forEach((raw, index) => {
      const digest = toContainerStatus(raw, problems, `status.${key}[${index}]`);
      if (digest && digest.name !== '__proto__') statuses[digest.name] = digest;
    });
  }
  return statuses;
}

function toConditions(status: RawObject | undefined, problems: string[]): PodConditionDigest[] {
  return readArray(status, 'conditions', problems, 'status.conditions').flatMap((raw, index): PodConditionDigest[] => {
    const type = isRecord(raw) ? readString(raw, 'type') : undefined;
    if (!isRecord(raw) || type === undefined) {
      problems.push(`status.conditions[${index}]: condition without a type`);
      return [];
    }
    const value = readString(raw, 'status');
    return [
      {
        type,
        status: value === 'True' || value === 'False' ? value : 'Unknown',
        lastTransitionTime: readTime(raw, 'lastTransitionTime', problems, `status.conditions[${index}].lastTransitionTime`),
        reason: readString(raw, 'reason'),
        message: readString(raw, 'message'),
      },
    ];
  });
}

function toRestartPolicy(spec: RawObject | undefined, problems: string[]): PodRestartPolicy {
  const value = readString(spec, 'restartPolicy');
  const policy = RESTART_POLICIES.find((known) => known === value);
  if (value !== undefined && policy === undefined) problems.push(`spec.restartPolicy: unknown value ${JSON.stringify(value)}`);
  return policy ?? 'Always';
}

/**
 * A compact digest of a raw Pod, or `undefined` when the input is not a pod at all (not an
 * object, another `kind`, or no `metadata.name`; list items without `kind` are fine). Everything else degrades: malformed fields are skipped and
 * described in `problems`. Keeps only {@link RELEVANT_ANNOTATIONS}; drops env, volumes,
 * managedFields and last-applied configuration. Never throws.
 */
export function toPodDigest(raw: unknown): PodDigest | undefined {
  if (!isRecord(raw)) return undefined;
  const kind = readString(raw, 'kind');
  if (kind !== undefined && kind !== 'Pod') return undefined;
  const problems: string[] = [];
  const metadata = readObject(raw, 'metadata', problems, 'metadata');
  const name = readString(metadata, 'name');
  if (name === undefined) return undefined;
  const namespace = readString(metadata, 'namespace') ?? 'default';
  const spec = readObject(raw, 'spec', problems, 'spec');
  const status = readObject(raw, 'status', problems, 'status');
  const labels = readStringMap(metadata, 'labels');
  const annotations = readStringMap(metadata, 'annotations', isRelevantAnnotation);
  let uid = readString(metadata, 'uid');
  if (uid === undefined) {
    uid = `${namespace}/${name}`;
    problems.push('metadata.uid: missing, keyed by namespace/name');
  }
  const owner = pickOwner(metadata?.ownerReferences);
  const containers = toSpecs(spec, status, annotations, problems);
  return {
    uid,
    namespace,
    name,
    resourceVersion: readString(metadata, 'resourceVersion'),
    nodeName: readString(spec, 'nodeName'),
    phase: readString(status, 'phase') ?? 'Unknown',
    reason: readString(status, 'reason'),
    message: readString(status, 'message'),
    qosClass: readString(status, 'qosClass'),
    owner,
    workload: toWorkloadRef(owner, name, labels['pod-template-hash']),
    labels,
    annotations,
    createdAt: readTime(metadata, 'creationTimestamp', problems, 'metadata.creationTimestamp'),
    startTime: readTime(status, 'startTime', problems, 'status.startTime'),
    deletedAt: readTime(metadata, 'deletionTimestamp', problems, 'metadata.deletionTimestamp'),
    deletionGracePeriodSeconds: readNumber(metadata, 'deletionGracePeriodSeconds'),
    terminationGracePeriodSeconds: readNumber(spec, 'terminationGracePeriodSeconds') ?? DEFAULT_GRACE_SECONDS,
    restartPolicy: toRestartPolicy(spec, problems),
    containers,
    statuses: toStatuses(status, problems),
    conditions: toConditions(status, problems),
    problems,
  };
}
