/**
 * AWS App Mesh controller (aws/aws-app-mesh-controller-for-k8s): an `envoy` container from the
 * `aws-appmesh-envoy` image. No native-sidecar mode (no `restartPolicy` in `pkg/inject/`);
 * `--wait-until-proxy-ready` (Helm `sidecar.waitUntilProxyReady`) from v1.6.0 starts Envoy first
 * and holds the app in a postStart hook; resources through `appmesh.k8s.aws/cpuRequest`,
 * `memoryRequest`, `memoryLimit` (v1.4.0, `pkg/inject/constants.go`). App Mesh reaches end of
 * support on 30 September 2026.
 */
import { imageRepository } from '../sidecar-signals';
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/aws/aws-app-mesh-controller-for-k8s/blob';
const IMAGE = /(^|\/)aws-appmesh-envoy$/;

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  if (figures.cpuRequest) annotations['appmesh.k8s.aws/cpuRequest'] = figures.cpuRequest;
  if (figures.memoryRequest) annotations['appmesh.k8s.aws/memoryRequest'] = figures.memoryRequest;
  if (figures.memoryLimit) annotations['appmesh.k8s.aws/memoryLimit'] = figures.memoryLimit;
  if (Object.keys(annotations).length === 0) return [];
  return [
    {
      scope: 'pod annotation',
      title: 'Envoy resources for this workload',
      since: { label: 'controller v1.4.0', release: '1.4.0' },
      yaml: podTemplateAnnotations(annotations),
      source: `${TREE}/v1.4.0/pkg/inject/constants.go`,
    },
  ];
}

export const AWS_APP_MESH: InjectorProfile = {
  id: 'aws-app-mesh',
  name: 'AWS App Mesh',
  role: 'mesh-proxy',
  detect: (_pod, container) => (container.name === 'envoy' && IMAGE.test(imageRepository(container.image)) ? [`image ${container.image}`] : []),
  versionOf: () => undefined,
  versionIsInjectors: false,
  readiness: {
    handler: 'exec',
    command: ['sh', '-c', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'],
    source: `${TREE}/v1.13.3/pkg/inject/sidecar_builder.go`,
  },
  nativeSidecar: {
    none: 'The App Mesh controller has no native-sidecar mode (checked up to v1.13.3), and App Mesh reaches end of support on 30 September 2026: plan the move to another mesh (e.g. Amazon VPC Lattice or Istio).',
  },
  holdApplication: [
    {
      scope: 'Helm value',
      title: 'controller-wide: start Envoy first and hold the app until it is ready (appmesh-controller chart, flag --wait-until-proxy-ready)',
      since: { label: 'controller v1.6.0', release: '1.6.0' },
      yaml: nestedValues([['sidecar.waitUntilProxyReady', true]]),
      source: `${TREE}/v1.6.0/pkg/inject/config.go`,
    },
  ],
  resources,
};
