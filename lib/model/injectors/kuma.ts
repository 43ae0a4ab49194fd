/**
 * Kuma / Kong Mesh (`kuma-sidecar`, image `kumahq/kuma-dp`). Checked against kumahq/kuma:
 * native sidecars behind the control plane's `experimental.sidecarContainers`
 * (`KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS`, Helm `experimental.sidecarContainers`) from 2.7.0
 * (`pkg/config/app/kuma-cp/kuma-cp.defaults.yaml`); `kuma.io/wait-for-dataplane-ready` from 2.4.0
 * (`pkg/plugins/runtime/k8s/metadata/annotations.go`); the sidecar's resources come from the
 * control plane's `KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_*` (2.7.0 `config.go`); readiness is
 * `/ready` on the Envoy admin port 9901.
 */
import { imageRepository } from '../sidecar-signals';
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { imageTagOf } from './version';
import { nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/kumahq/kuma/blob';
export const KUMA_INJECTED_ANNOTATION = 'kuma.io/sidecar-injected';
const IMAGE = /(^|\/)kumahq\/kuma-dp$/;

const NATIVE: InjectorSetting[] = [
  {
    scope: 'Helm value',
    title: 'control-plane wide: inject kuma-sidecar as a native sidecar (kuma chart; env KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS=true)',
    since: { label: 'Kuma 2.7', release: '2.7.0' },
    yaml: nestedValues([['experimental.sidecarContainers', true]]),
    source: `${TREE}/2.7.0/pkg/config/app/kuma-cp/kuma-cp.defaults.yaml`,
  },
];

const WAIT: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'start the app only once the data plane is ready, for this workload',
    since: { label: 'Kuma 2.4', release: '2.4.0' },
    yaml: podTemplateAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'true' }),
    source: `${TREE}/2.4.0/pkg/plugins/runtime/k8s/metadata/annotations.go`,
  },
  ...NATIVE,
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const env: [string, string][] = [];
  if (figures.cpuRequest) env.push(['controlPlane.envVars.KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_CPU', figures.cpuRequest]);
  if (figures.memoryRequest) env.push(['controlPlane.envVars.KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_MEMORY', figures.memoryRequest]);
  if (figures.memoryLimit) env.push(['controlPlane.envVars.KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY', figures.memoryLimit]);
  if (env.length === 0) return [];
  return [
    {
      scope: 'control-plane env',
      title: 'default for every injected kuma-sidecar (kuma chart; a ContainerPatch named in kuma.io/container-patches overrides it per workload)',
      since: { label: 'Kuma 2.7', release: '2.7.0' },
      yaml: nestedValues(env),
      source: `${TREE}/2.7.0/pkg/config/plugins/runtime/k8s/config.go`,
    },
  ];
}

export const KUMA: InjectorProfile = {
  id: 'kuma',
  name: 'Kuma',
  role: 'mesh-proxy',
  detect(pod, container) {
    if (container.name !== 'kuma-sidecar') return [];
    const signals: string[] = [];
    const injected = pod.annotations[KUMA_INJECTED_ANNOTATION];
    if (injected === 'true') signals.push(`annotation ${KUMA_INJECTED_ANNOTATION}: true`);
    if (IMAGE.test(imageRepository(container.image))) signals.push(`image ${container.image}`);
    return signals;
  },
  versionOf: (_pod, container) => (IMAGE.test(imageRepository(container.image)) ? imageTagOf(container.image) : undefined),
  versionIsInjectors: true,
  readiness: { handler: 'httpGet', path: '/ready', port: 9901, source: `${TREE}/2.7.0/pkg/plugins/runtime/k8s/containers/factory.go` },
  nativeSidecar: NATIVE,
  holdApplication: WAIT,
  resources,
};
