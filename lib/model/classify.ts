/**
 * Which containers of a pod are sidecars, and why.
 *
 * Native sidecars are certain: an `initContainers[]` entry with `restartPolicy: Always` (KEP-753,
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/api/v1/pod/util.go `IsRestartableInitContainer`).
 * A regular container's own `restartPolicy` (per-container restart rules, 1.34+) does not make it
 * a sidecar. Legacy sidecars (helpers among `containers[]`) are inferred from signals, strongest
 * first:
 *
 * 1. `sidecarscope.io/main: "app,worker"` — these are main, whatever else says.
 * 2. `sidecarscope.io/sidecars: "a,b"` — when present it is the whole truth: listed containers are
 *    sidecars (`override`), the others main. `""` means "no sidecars".
 * 3. `kubectl.kubernetes.io/default-container` — the named container is main even when its name
 *    or image looks like a proxy (Envoy Gateway names its main container `envoy`). It says
 *    nothing about the others: many injectors set it, and a multi-container app sets it for
 *    `kubectl logs`, so the rest are sidecars only when one of the signals below says so. This is
 *    why the `default-container` signal is never produced here; it stays in the union for data
 *    that carries it.
 * 4. injection annotations (`annotation`), 5. well-known names (`name`), 6. images (`image`),
 * 7. a name ending in a helper word (`name`: `slow-sidecar`, `sidecar-monitor`, `log-shipper`,
 *    but not `sidecar-user`; see {@link hasHelperNameSuffix}).
 *
 * A pod whose every regular container looks like a sidecar keeps one as main: the first of those
 * with the weakest evidence (a helper-word name before an image, before a well-known name…).
 */
import type { ContainerKind, SidecarSignal } from './types';
import {
  DEFAULT_CONTAINER_ANNOTATION,
  MAIN_OVERRIDE_ANNOTATION,
  SIDECARS_OVERRIDE_ANNOTATION,
  hasHelperNameSuffix,
  injectedSidecars,
  isCloudSqlOperatorContainer,
  isKnownSidecarImage,
  isKnownSidecarName,
} from './sidecar-signals';

export * from './sidecar-signals';

/** What classification needs to know about one container. */
export interface ContainerIdentity {
  name: string;
  image: string;
  restartPolicy?: string;
}

export interface Classification {
  kind: ContainerKind;
  /** Set for sidecars only. */
  signal?: SidecarSignal;
}

export interface ClassifyInput {
  initContainers: readonly ContainerIdentity[];
  containers: readonly ContainerIdentity[];
  /** The pod's annotations (only the relevant ones are read). */
  annotations: Readonly<Record<string, string | undefined>>;
}

export interface PodClassification {
  initContainers: Classification[];
  containers: Classification[];
}

/** True for an init container that runs as a native sidecar (`restartPolicy: Always`). */
/** First Kubernetes version with native sidecars on by default (beta; alpha behind a gate in 1.28, stable in 1.33). */
export const NATIVE_SIDECARS_SINCE = { major: 1, minor: 29 } as const;

/**
 * Whether a cluster of this version runs native sidecars. An unknown version (offline analysis, an
 * unreadable `/version`) counts as yes: every Kubernetes release still supported has them on, so
 * the advice that rests on this (`legacy-sidecar`) is right far more often than not, and its
 * evidence says the version was unknown. The cluster summary reports an unknown version as
 * unknown instead of calling this.
 */
export function hasNativeSidecars(version: { major: number; minor: number } | undefined): boolean {
  if (!version) return true;
  return version.major > NATIVE_SIDECARS_SINCE.major || (version.major === NATIVE_SIDECARS_SINCE.major && version.minor >= NATIVE_SIDECARS_SINCE.minor);
}

export function isNativeSidecar(container: { restartPolicy?: string }): boolean {
  return container.restartPolicy === 'Always';
}

function splitNames(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(
    value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  );
}

/**
 * The heuristic evidence that a container is a sidecar (injection annotation, well-known name,
 * image), whichever list it is in; undefined when there is none. Useful beyond classification:
 * a plain init container named `istio-proxy` is a sidecar whose `restartPolicy` was lost.
 */
export function sidecarEvidence(
  container: ContainerIdentity,
  annotations: ClassifyInput['annotations'],
  injected: ReadonlySet<string> = injectedSidecars(annotations),
): SidecarSignal | undefined {
  if (injected.has(container.name) || isCloudSqlOperatorContainer(container.name, annotations)) return 'annotation';
  if (isKnownSidecarName(container.name)) return 'name';
  if (isKnownSidecarImage(container.image)) return 'image';
  if (hasHelperNameSuffix(container.name)) return 'name';
  return undefined;
}

/** A regular container's classification and how strong its sidecar evidence is (0 = none). */
interface Weighed {
  classification: Classification;
  strength: number;
}

/** Evidence strength, weakest first: helper-word name, image, well-known name, annotation, override. */
function strengthOf(signal: SidecarSignal, name: string): number {
  if (signal === 'override') return 5;
  if (signal === 'annotation') return 4;
  if (signal === 'name') return isKnownSidecarName(name) ? 3 : 1;
  return 2;
}

function classifyRegular(container: ContainerIdentity, annotations: ClassifyInput['annotations'], injected: ReadonlySet<string>): Weighed {
  const main: Weighed = { classification: { kind: 'main' }, strength: 0 };
  if (splitNames(annotations[MAIN_OVERRIDE_ANNOTATION])?.has(container.name)) return main;
  const overridden = splitNames(annotations[SIDECARS_OVERRIDE_ANNOTATION]);
  if (overridden) return overridden.has(container.name) ? { classification: { kind: 'legacy-sidecar', signal: 'override' }, strength: 5 } : main;
  if (annotations[DEFAULT_CONTAINER_ANNOTATION] === container.name) return main;
  const signal = sidecarEvidence(container, annotations, injected);
  return signal ? { classification: { kind: 'legacy-sidecar', signal }, strength: strengthOf(signal, container.name) } : main;
}

/** Index of the first container with the weakest evidence. */
function weakest(weighed: readonly Weighed[]): number {
  let best = 0;
  weighed.forEach((entry, index) => {
    if (entry.strength < (weighed[best]?.strength ?? Infinity)) best = index;
  });
  return best;
}

/**
 * Classifies every container of a pod, in declaration order. Never throws; unknown annotations
 * and malformed values are ignored.
 */
export function classifyContainers(input: ClassifyInput): PodClassification {
  const initContainers = input.initContainers.map((container): Classification =>
    isNativeSidecar(container) ? { kind: 'native-sidecar', signal: 'native' } : { kind: 'init' },
  );
  const injected = injectedSidecars(input.annotations);
  const weighed = input.containers.map((container) => classifyRegular(container, input.annotations, injected));
  const containers = weighed.map((entry) => entry.classification);
  if (containers.length > 0 && containers.every((classification) => classification.kind !== 'main')) {
    containers[weakest(weighed)] = { kind: 'main' };
  }
  return { initContainers, containers };
}

/** True for both native and legacy sidecars. */
export function isSidecarKind(kind: ContainerKind): boolean {
  return kind === 'native-sidecar' || kind === 'legacy-sidecar';
}
