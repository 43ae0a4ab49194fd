/**
 * The evidence sidecar classification looks at: annotations, well-known container names and
 * images. Exported so the UI can explain why a container was called a sidecar.
 */

/** Our own override: a comma-separated list of the regular containers that are sidecars. */
export const SIDECARS_OVERRIDE_ANNOTATION = 'sidecarscope.io/sidecars';
/** Our own override: a comma-separated list of containers that are main, whatever else says. */
export const MAIN_OVERRIDE_ANNOTATION = 'sidecarscope.io/main';
/** Set by users and injectors to the container `kubectl logs/exec` should pick. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
/** Istio's injection record: JSON with `containers` and `initContainers` it added. */
export const ISTIO_STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** Injection annotations whose presence means the named container was injected. */
export const INJECTION_ANNOTATIONS: Readonly<Record<string, { container: string; when?: string }>> = {
  'linkerd.io/proxy-version': { container: 'linkerd-proxy' },
  'vault.hashicorp.com/agent-inject-status': { container: 'vault-agent' },
  'dapr.io/enabled': { container: 'daprd', when: 'true' },
  'consul.hashicorp.com/connect-inject-status': { container: 'consul-dataplane', when: 'injected' },
  'kuma.io/sidecar-injected': { container: 'kuma-sidecar', when: 'true' },
};

/**
 * The Cloud SQL Proxy Operator's webhook records each `AuthProxyWorkload` it applied as
 * `cloudsql.cloud.google.com/<name>` and names the container it adds `csql-<namespace>-<name>`
 * (cloud-sql-proxy-operator v1.6.0 `internal/workload/names.go`, `podspec_updates.go`).
 */
export const CLOUD_SQL_OPERATOR_ANNOTATION_PREFIX = 'cloudsql.cloud.google.com/';
const CLOUD_SQL_OPERATOR_CONTAINER_PREFIX = 'csql-';

/** True for a `csql-…` container of a pod the Cloud SQL Proxy Operator has annotated. */
export function isCloudSqlOperatorContainer(name: string, annotations: Readonly<Record<string, string | undefined>>): boolean {
  return name.startsWith(CLOUD_SQL_OPERATOR_CONTAINER_PREFIX) && Object.keys(annotations).some((key) => key.startsWith(CLOUD_SQL_OPERATOR_ANNOTATION_PREFIX));
}

/** Container names that are sidecars in the wild (exact match). */
export const KNOWN_SIDECAR_NAMES: readonly string[] = [
  'istio-proxy',
  'envoy',
  'envoy-sidecar',
  'linkerd-proxy',
  'fluent-bit',
  'fluentbit',
  'fluentd',
  'cloud-sql-proxy',
  'cloudsql-proxy',
  'vault-agent',
  'oauth2-proxy',
  'daprd',
  'otel-collector',
  'otel-agent',
  'jaeger-agent',
  'filebeat',
  'promtail',
  'datadog-agent',
  'log-forwarder',
  'log-processor',
  'log-collector',
  'logrotate',
  'consul-dataplane',
  'kuma-sidecar',
  'xray-daemon',
  'vector',
];

/** Image repositories (registry and tag stripped) of well-known sidecars, matched as a path suffix. */
export const KNOWN_SIDECAR_IMAGES: readonly string[] = [
  'envoyproxy/envoy',
  'envoyproxy/envoy-distroless',
  'istio/proxyv2',
  'linkerd/proxy',
  'fluent/fluent-bit',
  'fluent/fluentd',
  'cloud-sql-connectors/cloud-sql-proxy',
  'cloudsql-docker/gce-proxy',
  'oauth2-proxy/oauth2-proxy',
  'daprio/daprd',
  'otel/opentelemetry-collector',
  'otel/opentelemetry-collector-contrib',
  'jaegertracing/jaeger-agent',
  'beats/filebeat',
  'elastic/filebeat',
  'grafana/promtail',
  'datadog/agent',
  'hashicorp/consul-dataplane',
  'kumahq/kuma-dp',
  'aws-appmesh-envoy',
  'timberio/vector',
];

const NAMES = new Set(KNOWN_SIDECAR_NAMES);

/** True when the container name is a well-known sidecar's. */
export function isKnownSidecarName(name: string): boolean {
  return NAMES.has(name);
}

/**
 * Words that name a helper when they end a container name (`slow-sidecar`, `sidecar-monitor`,
 * `metrics-exporter`): the noun of a dash-separated name comes last, so `sidecar-user` (a user of
 * a sidecar) is not one.
 */
export const HELPER_NAME_WORDS: readonly string[] = [
  'sidecar',
  'proxy',
  'agent',
  'exporter',
  'collector',
  'forwarder',
  'shipper',
  'logger',
  'monitor',
  'reloader',
  'syncer',
  'tailer',
  'relay',
  'ambassador',
];

/** Trailing tokens that say nothing about the role (`sidecar-container`, `proxy-ctr`); skipped. */
const FILLER_NAME_WORDS: ReadonlySet<string> = new Set(['container', 'ctr']);
const HELPER_WORDS: ReadonlySet<string> = new Set(HELPER_NAME_WORDS);

/**
 * True when the last meaningful dash-separated token of the name is a helper word. Weaker than
 * {@link isKnownSidecarName}: classification lets such a container be main when nothing else is.
 */
export function hasHelperNameSuffix(name: string): boolean {
  const tokens = name
    .toLowerCase()
    .split('-')
    .filter((token) => token.length > 0);
  while (tokens.length > 1 && FILLER_NAME_WORDS.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return HELPER_WORDS.has(tokens[tokens.length - 1] ?? '');
}

/** `registry:5000/team/envoy:v1@sha256:…` → `registry:5000/team/envoy`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** True when the image's repository ends with a well-known sidecar repository. */
export function isKnownSidecarImage(image: string): boolean {
  const repository = imageRepository(image);
  return KNOWN_SIDECAR_IMAGES.some((known) => repository === known || repository.endsWith(`/${known}`));
}

function istioInjected(status: string | undefined): string[] {
  if (status === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(status);
    if (typeof parsed !== 'object' || parsed === null) return [];
    const containers = (parsed as Record<string, unknown>).containers;
    return Array.isArray(containers) ? containers.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

/** Names of the containers that injection annotations say were injected. */
export function injectedSidecars(annotations: Readonly<Record<string, string | undefined>>): Set<string> {
  const injected = new Set(istioInjected(annotations[ISTIO_STATUS_ANNOTATION]));
  for (const [annotation, { container, when }] of Object.entries(INJECTION_ANNOTATIONS)) {
    const value = annotations[annotation];
    if (value !== undefined && (when === undefined || value === when)) injected.add(container);
  }
  return injected;
}
