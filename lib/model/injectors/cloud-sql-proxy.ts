/**
 * Cloud SQL Proxy Operator (GoogleCloudPlatform/cloud-sql-proxy-operator): an `AuthProxyWorkload`
 * makes its webhook add a `csql-<namespace>-<name>` container and a
 * `cloudsql.cloud.google.com/<name>` annotation (`internal/workload/names.go`,
 * `podspec_updates.go`). From v1.6.0 it injects a native sidecar by itself when the cluster runs
 * Kubernetes ≥ 1.29 at operator start (`internal/controller/setup.go` `UseSidecar`); resources
 * are `spec.authProxyContainer.resources`; probes `/startup` and `/liveness` on port 9801.
 */
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { nestedValues } from './yaml';

const TREE = 'https://github.com/GoogleCloudPlatform/cloud-sql-proxy-operator/blob';
export const CLOUD_SQL_ANNOTATION_PREFIX = 'cloudsql.cloud.google.com/';

const NATIVE: InjectorSetting[] = [
  {
    scope: 'upgrade',
    title: 'upgrade the operator and restart it on Kubernetes ≥ 1.29: it then injects the proxy as a native sidecar with a startupProbe (no setting to flip)',
    since: { label: 'operator v1.6.0', release: '1.6.0' },
    lang: 'sh',
    yaml: '# once the operator is ≥ v1.6.0 and was started on Kubernetes ≥ 1.29, new pods get the native sidecar:\nkubectl rollout restart {rollout}',
    source: `${TREE}/v1.6.0/internal/controller/setup.go`,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const entries: [string, string][] = [];
  if (figures.cpuRequest) entries.push(['spec.authProxyContainer.resources.requests.cpu', figures.cpuRequest]);
  if (figures.memoryRequest) entries.push(['spec.authProxyContainer.resources.requests.memory', figures.memoryRequest]);
  if (figures.memoryLimit) entries.push(['spec.authProxyContainer.resources.limits.memory', figures.memoryLimit]);
  if (entries.length === 0) return [];
  return [
    {
      scope: 'custom resource',
      title: 'on the AuthProxyWorkload that names this workload',
      since: { label: 'operator v1.0', release: '1.0.0' },
      yaml: nestedValues(entries),
      source: `${TREE}/v1.6.0/internal/api/v1/authproxyworkload_types.go`,
    },
  ];
}

export const CLOUD_SQL_PROXY_OPERATOR: InjectorProfile = {
  id: 'cloud-sql-proxy-operator',
  name: 'Cloud SQL Proxy Operator',
  role: 'db-proxy',
  detect(pod, container) {
    if (!container.name.startsWith('csql-')) return [];
    const annotation = Object.keys(pod.annotations).find((key) => key.startsWith(CLOUD_SQL_ANNOTATION_PREFIX));
    return annotation ? [`annotation ${annotation}`, `container name ${container.name} (csql- prefix)`] : [];
  },
  versionOf: () => undefined,
  versionIsInjectors: false,
  readiness: { handler: 'httpGet', path: '/startup', port: 9801, source: `${TREE}/v1.6.0/internal/workload/podspec_updates.go` },
  nativeSidecar: NATIVE,
  holdApplication: NATIVE,
  resources,
};
