/**
 * Dapr's sidecar injector (`daprd`). Checked against dapr/dapr: `dapr.io/enable-native-sidecar`
 * and the injector chart's `nativeSidecar` from v1.18.0 (`pkg/injector/annotations/annotations.go`,
 * `charts/dapr/charts/dapr_sidecar_injector/values.yaml`); the sidecar resource annotations from
 * v1.0.0 (`pkg/injector/pod_patch.go`); readiness `/v1.0/healthz` on the public port 3501
 * (`pkg/injector/patcher/sidecar.go`, `sidecar_container.go`).
 */
import { imageRepository } from '../sidecar-signals';
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { imageTagOf } from './version';
import { nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/dapr/dapr/blob';
const IMAGE = /(^|\/)daprio\/daprd$/;
const NATIVE_SINCE = { label: 'Dapr 1.18', release: '1.18.0' };

const NATIVE: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'inject daprd as a native sidecar for this workload',
    since: NATIVE_SINCE,
    yaml: podTemplateAnnotations({ 'dapr.io/enable-native-sidecar': 'true' }),
    source: `${TREE}/v1.18.0/pkg/injector/annotations/annotations.go`,
  },
  {
    scope: 'Helm value',
    title: 'cluster-wide (dapr chart, sidecar injector sub-chart)',
    since: NATIVE_SINCE,
    yaml: nestedValues([['dapr_sidecar_injector.nativeSidecar', true]]),
    source: `${TREE}/v1.18.0/charts/dapr/charts/dapr_sidecar_injector/values.yaml`,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  if (figures.cpuRequest) annotations['dapr.io/sidecar-cpu-request'] = figures.cpuRequest;
  if (figures.memoryRequest) annotations['dapr.io/sidecar-memory-request'] = figures.memoryRequest;
  if (figures.memoryLimit) annotations['dapr.io/sidecar-memory-limit'] = figures.memoryLimit;
  if (Object.keys(annotations).length === 0) return [];
  return [
    {
      scope: 'pod annotation',
      title: 'daprd resources for this workload',
      since: { label: 'Dapr 1.0', release: '1.0.0' },
      yaml: podTemplateAnnotations(annotations),
      source: `${TREE}/v1.0.0/pkg/injector/pod_patch.go`,
    },
  ];
}

export const DAPR: InjectorProfile = {
  id: 'dapr',
  name: 'Dapr',
  role: 'app-runtime',
  detect(pod, container) {
    if (container.name !== 'daprd') return [];
    const signals: string[] = [];
    if (pod.annotations['dapr.io/enabled'] === 'true') signals.push('annotation dapr.io/enabled: true');
    if (IMAGE.test(imageRepository(container.image))) signals.push(`image ${container.image}`);
    return signals;
  },
  versionOf: (_pod, container) => (IMAGE.test(imageRepository(container.image)) ? imageTagOf(container.image) : undefined),
  versionIsInjectors: true,
  readiness: { handler: 'httpGet', path: '/v1.0/healthz', port: 3501, source: `${TREE}/v1.18.0/pkg/injector/patcher/sidecar_container.go` },
  nativeSidecar: NATIVE,
  holdApplication: NATIVE,
  resources,
};
