/**
 * Which injector wrote a sidecar, from the pod in front of us: injection annotations, the
 * container's name and image. A sidecar no injector claims is the user's own, and its fixes are
 * manual edits of the pod template.
 */
import type { ContainerSpecDigest, PodDigest } from '../types';
import { AWS_APP_MESH } from './app-mesh';
import { CLOUD_SQL_PROXY_OPERATOR } from './cloud-sql-proxy';
import { CONSUL } from './consul';
import { DAPR } from './dapr';
import { ISTIO } from './istio';
import { KUMA } from './kuma';
import { LINKERD } from './linkerd';
import type { InjectorProfile } from './types';
import { VAULT_AGENT } from './vault-agent';
import { parseVersion, type Version } from './version';

export type * from './types';
export { meets, parseVersion, type Version, type VersionRequirement } from './version';
export { CLOUD_SQL_ANNOTATION_PREFIX } from './cloud-sql-proxy';
export { CONSUL_STATUS_ANNOTATION } from './consul';
export { KUMA_INJECTED_ANNOTATION } from './kuma';

/** Every injector Sidecarscope writes fixes for, in the order the docs list them. */
export const INJECTORS: readonly InjectorProfile[] = [ISTIO, LINKERD, CONSUL, KUMA, DAPR, VAULT_AGENT, CLOUD_SQL_PROXY_OPERATOR, AWS_APP_MESH];

export interface InjectedBy {
  profile: InjectorProfile;
  /** What gave it away, e.g. `annotation sidecar.istio.io/status lists istio-proxy`. */
  signals: string[];
  /** The version the pod shows (the injector's own when `profile.versionIsInjectors`). */
  version?: Version;
}

/**
 * Recognitions by container spec, valid while the pod's annotations are the same object: the hub
 * shares both between the pods of one template, so a fleet is recognised once per template.
 */
const RECOGNISED = new WeakMap<ContainerSpecDigest, { annotations: PodDigest['annotations']; result: InjectedBy | undefined }>();

/** The injector that wrote `container` into `pod`, or undefined for a container the user owns. */
export function recogniseInjector(pod: PodDigest, container: ContainerSpecDigest): InjectedBy | undefined {
  const known = RECOGNISED.get(container);
  if (known?.annotations === pod.annotations) return known.result;
  const result = detectInjector(pod, container);
  RECOGNISED.set(container, { annotations: pod.annotations, result });
  return result;
}

function detectInjector(pod: PodDigest, container: ContainerSpecDigest): InjectedBy | undefined {
  for (const profile of INJECTORS) {
    const signals = profile.detect(pod, container);
    if (signals.length === 0) continue;
    const version = parseVersion(profile.versionOf(pod, container));
    return { profile, signals, ...(version ? { version } : {}) };
  }
  return undefined;
}
