/**
 * Istio's sidecar injector (istiod). Checked against istio/istio and istio/api at the tags linked
 * on each setting: the `sidecar.istio.io/nativeSidecar` annotation is read by
 * `pkg/kube/inject/inject.go` from 1.24.0; `ENABLE_NATIVE_SIDECARS` exists from 1.19.0 (default
 * false, `auto` from 1.27.0: on when every node runs Kubernetes ≥ 1.33); the pod-level
 * `holdApplicationUntilProxyStarts` (ProxyConfig through `proxy.istio.io/config`) from 1.8.0.
 */
import { ISTIO_STATUS_ANNOTATION, imageRepository } from '../sidecar-signals';
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { imageTagOf } from './version';
import { nestedValue, nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/istio/istio/blob';
const IMAGE = /(^|\/)istio\/proxyv2$/;

function listedInStatus(status: string | undefined, name: string): boolean {
  if (status === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(status);
    if (typeof parsed !== 'object' || parsed === null) return false;
    const record = parsed as Record<string, unknown>;
    return [record.containers, record.initContainers].some((list) => Array.isArray(list) && list.includes(name));
  } catch {
    return false;
  }
}

const NATIVE: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'inject istio-proxy as a native sidecar for this workload',
    since: { label: 'Istio 1.24', release: '1.24.0' },
    yaml: podTemplateAnnotations({ 'sidecar.istio.io/nativeSidecar': 'true' }),
    source: `${TREE}/1.24.0/pkg/kube/inject/inject.go`,
  },
  {
    scope: 'Helm value',
    title:
      'mesh-wide: istiod injects native sidecars (istiod chart; IstioOperator: spec.values.pilot.env; from 1.27 the default "auto" turns them on only when every node runs Kubernetes ≥ 1.33)',
    since: { label: 'Istio 1.19', release: '1.19.0' },
    yaml: nestedValue('pilot.env.ENABLE_NATIVE_SIDECARS', 'true'),
    source: `${TREE}/1.19.0/pilot/pkg/features/pilot.go`,
  },
];

const HOLD: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'start the app only once istio-proxy is ready, for this workload',
    since: { label: 'Istio 1.8', release: '1.8.0' },
    yaml: podTemplateAnnotations({ 'proxy.istio.io/config': '{ "holdApplicationUntilProxyStarts": true }' }),
    source: `${TREE}/1.8.0/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`,
  },
  {
    scope: 'mesh config',
    title: 'mesh-wide (istiod chart / IstioOperator spec.meshConfig)',
    since: { label: 'Istio 1.8', release: '1.8.0' },
    yaml: nestedValue('meshConfig.defaultConfig.holdApplicationUntilProxyStarts', true),
    source: `${TREE}/1.8.0/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  if (figures.memoryRequest) annotations['sidecar.istio.io/proxyMemory'] = figures.memoryRequest;
  if (figures.memoryLimit) annotations['sidecar.istio.io/proxyMemoryLimit'] = figures.memoryLimit;
  if (figures.cpuRequest) annotations['sidecar.istio.io/proxyCPU'] = figures.cpuRequest;
  if (Object.keys(annotations).length === 0) return [];
  const mesh: [string, string][] = [];
  if (figures.cpuRequest) mesh.push(['global.proxy.resources.requests.cpu', figures.cpuRequest]);
  if (figures.memoryRequest) mesh.push(['global.proxy.resources.requests.memory', figures.memoryRequest]);
  if (figures.memoryLimit) mesh.push(['global.proxy.resources.limits.memory', figures.memoryLimit]);
  return [
    {
      scope: 'pod annotation',
      title: 'istio-proxy resources for this workload',
      since: { label: 'Istio 1.6', release: '1.6.0' },
      yaml: podTemplateAnnotations(annotations),
      source: `${TREE}/1.6.0/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`,
    },
    {
      scope: 'Helm value',
      title: 'mesh-wide default for every injected proxy (istiod chart values)',
      since: { label: 'Istio 1.6', release: '1.6.0' },
      yaml: nestedValues(mesh),
      source: `${TREE}/1.6.0/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`,
    },
  ];
}

export const ISTIO: InjectorProfile = {
  id: 'istio',
  name: 'Istio',
  role: 'mesh-proxy',
  detect(pod, container) {
    if (container.name !== 'istio-proxy') return [];
    const signals: string[] = [];
    if (listedInStatus(pod.annotations[ISTIO_STATUS_ANNOTATION], container.name)) signals.push(`annotation ${ISTIO_STATUS_ANNOTATION} lists istio-proxy`);
    if (IMAGE.test(imageRepository(container.image))) signals.push(`image ${container.image}`);
    return signals;
  },
  versionOf: (_pod, container) => (IMAGE.test(imageRepository(container.image)) ? imageTagOf(container.image) : undefined),
  versionIsInjectors: true,
  readiness: {
    handler: 'httpGet',
    path: '/healthz/ready',
    port: 15021,
    source: `${TREE}/1.22.0/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`,
  },
  nativeSidecar: NATIVE,
  holdApplication: HOLD,
  shutdown: [
    {
      scope: 'pod annotation',
      title: 'keep istio-proxy up while the app drains (Envoy exits once no connection is left)',
      since: { label: 'Istio 1.12', release: '1.12.0' },
      yaml: podTemplateAnnotations({ 'proxy.istio.io/config': '{ "proxyMetadata": { "EXIT_ON_ZERO_ACTIVE_CONNECTIONS": "true" } }' }),
      source: `${TREE}/1.12.0/pilot/cmd/pilot-agent/options/options.go`,
    },
  ],
  resources,
};
