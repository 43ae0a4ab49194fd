/**
 * Consul on Kubernetes (consul-k8s connect injector): `consul-dataplane` since consul-k8s 1.0
 * (`envoy-sidecar` before). Checked against hashicorp/consul-k8s:
 * `control-plane/connect-inject/constants/annotations_and_labels.go` has
 * `consul.hashicorp.com/enable-consul-dataplane-as-sidecar` from v1.9.0 (Helm
 * `connectInject.dataplaneAsSidecarInitContainer.defaultEnabled`), the sidecar-proxy resource
 * annotations from v1.0.0; the default readiness probe is a tcpSocket on 20000
 * (`constants.go`, `webhook/consul_dataplane_sidecar.go`).
 */
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { imageTagOf } from './version';
import { nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/hashicorp/consul-k8s/blob';
export const CONSUL_STATUS_ANNOTATION = 'consul.hashicorp.com/connect-inject-status';
const NAMES = new Set(['consul-dataplane', 'envoy-sidecar']);
const NATIVE_SINCE = { label: 'consul-k8s 1.9', release: '1.9.0' };

const NATIVE: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'inject consul-dataplane as a native sidecar (startupProbe included) for this workload',
    since: NATIVE_SINCE,
    yaml: podTemplateAnnotations({ 'consul.hashicorp.com/enable-consul-dataplane-as-sidecar': 'true' }),
    source: `${TREE}/v1.9.0/control-plane/connect-inject/constants/annotations_and_labels.go`,
  },
  {
    scope: 'Helm value',
    title: 'mesh-wide (consul chart)',
    since: NATIVE_SINCE,
    yaml: nestedValues([['connectInject.dataplaneAsSidecarInitContainer.defaultEnabled', true]]),
    source: `${TREE}/v1.9.0/charts/consul/values.yaml`,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  const helm: [string, string][] = [];
  if (figures.cpuRequest) {
    annotations['consul.hashicorp.com/sidecar-proxy-cpu-request'] = figures.cpuRequest;
    helm.push(['connectInject.sidecarProxy.resources.requests.cpu', figures.cpuRequest]);
  }
  if (figures.memoryRequest) {
    annotations['consul.hashicorp.com/sidecar-proxy-memory-request'] = figures.memoryRequest;
    helm.push(['connectInject.sidecarProxy.resources.requests.memory', figures.memoryRequest]);
  }
  if (figures.memoryLimit) {
    annotations['consul.hashicorp.com/sidecar-proxy-memory-limit'] = figures.memoryLimit;
    helm.push(['connectInject.sidecarProxy.resources.limits.memory', figures.memoryLimit]);
  }
  if (helm.length === 0) return [];
  const since = { label: 'consul-k8s 1.0', release: '1.0.0' };
  return [
    {
      scope: 'pod annotation',
      title: 'consul-dataplane resources for this workload',
      since,
      yaml: podTemplateAnnotations(annotations),
      source: `${TREE}/v1.0.0/control-plane/connect-inject/constants/annotations_and_labels.go`,
    },
    {
      scope: 'Helm value',
      title: 'default for every injected proxy (consul chart)',
      since,
      yaml: nestedValues(helm),
      source: `${TREE}/v1.9.0/charts/consul/values.yaml`,
    },
  ];
}

export const CONSUL: InjectorProfile = {
  id: 'consul',
  name: 'Consul (consul-k8s)',
  role: 'mesh-proxy',
  detect(pod, container) {
    const status = pod.annotations[CONSUL_STATUS_ANNOTATION];
    return NAMES.has(container.name) && status !== undefined ? [`annotation ${CONSUL_STATUS_ANNOTATION}: ${status}`, `container name ${container.name}`] : [];
  },
  versionOf: (_pod, container) => (container.name === 'consul-dataplane' ? imageTagOf(container.image) : undefined),
  versionIsInjectors: false,
  readiness: { handler: 'tcpSocket', port: 20000, source: `${TREE}/v1.9.0/control-plane/connect-inject/webhook/consul_dataplane_sidecar.go` },
  nativeSidecar: NATIVE,
  holdApplication: NATIVE,
  resources,
};
