/**
 * Linkerd's proxy injector. Checked against linkerd/linkerd2 at the tags linked on each setting:
 * `pkg/k8s/labels.go` gains `config.alpha.linkerd.io/proxy-enable-native-sidecar` in
 * edge-23.11.4 (2.15), the `config.beta…` name in edge-25.10.2 (2.19) and
 * `config.linkerd.io/proxy-enable-native-sidecar` in edge-26.5.2 (2.20, where the Helm default
 * `proxy.nativeSidecar` turns true); `pkg/inject/inject.go` still reads all three, the newest
 * first. `config.linkerd.io/proxy-await` (`enabled`/`disabled`) arrives in stable-2.11.0
 * (edge-21.4.4). The proxy's probes (`/ready`, `/live` on the admin port 4191) are in
 * `charts/partials/templates/_proxy.tpl`.
 */
import { imageRepository } from '../sidecar-signals';
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { nestedValues, podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/linkerd/linkerd2/blob';
export const LINKERD_VERSION_ANNOTATION = 'linkerd.io/proxy-version';
const IMAGE = /(^|\/)linkerd\/proxy$/;

const NATIVE_ANNOTATIONS = [
  {
    name: 'config.linkerd.io/proxy-enable-native-sidecar',
    since: { label: 'Linkerd 2.20 (edge-26.5.2)', release: '2.20.0', edge: '26.5.2' },
    tag: 'version-2.20',
  },
  {
    name: 'config.beta.linkerd.io/proxy-enable-native-sidecar',
    since: { label: 'Linkerd 2.19 (edge-25.10.2)', release: '2.19.0', edge: '25.10.2' },
    tag: 'version-2.19',
  },
  {
    name: 'config.alpha.linkerd.io/proxy-enable-native-sidecar',
    since: { label: 'Linkerd 2.15 (edge-23.11.4)', release: '2.15.0', edge: '23.11.4' },
    tag: 'version-2.15',
  },
] as const;

const NATIVE: InjectorSetting[] = [
  ...NATIVE_ANNOTATIONS.map((annotation): InjectorSetting => ({
    scope: 'pod annotation',
    title: `inject linkerd-proxy as a native sidecar for this workload (${annotation.name.includes('alpha') ? 'the oldest name, still read by newer releases' : 'the name newer releases prefer'})`,
    since: annotation.since,
    yaml: podTemplateAnnotations({ [annotation.name]: 'true' }),
    source: `${TREE}/${annotation.tag}/pkg/k8s/labels.go`,
  })),
  {
    scope: 'Helm value',
    title: 'mesh-wide (linkerd-control-plane chart; the default from 2.20)',
    since: { label: 'Linkerd 2.15 (edge-23.11.4)', release: '2.15.0', edge: '23.11.4' },
    yaml: nestedValues([['proxy.nativeSidecar', true]]),
    source: `${TREE}/version-2.15/charts/linkerd-control-plane/values.yaml`,
  },
];

const AWAIT: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'start the app only once linkerd-proxy is ready (linkerd-await postStart hook), for this workload',
    since: { label: 'Linkerd 2.11 (edge-21.4.4)', release: '2.11.0', edge: '21.4.4' },
    yaml: podTemplateAnnotations({ 'config.linkerd.io/proxy-await': 'enabled' }),
    source: `${TREE}/stable-2.11.0/pkg/k8s/labels.go`,
  },
  {
    scope: 'Helm value',
    title: 'mesh-wide (linkerd-control-plane chart; true by default)',
    since: { label: 'Linkerd 2.11 (edge-21.4.4)', release: '2.11.0', edge: '21.4.4' },
    yaml: nestedValues([['proxy.await', true]]),
    source: `${TREE}/stable-2.11.0/charts/linkerd2/values.yaml`,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  const helm: [string, string][] = [];
  if (figures.cpuRequest) {
    annotations['config.linkerd.io/proxy-cpu-request'] = figures.cpuRequest;
    helm.push(['proxy.resources.cpu.request', figures.cpuRequest]);
  }
  if (figures.memoryRequest) {
    annotations['config.linkerd.io/proxy-memory-request'] = figures.memoryRequest;
    helm.push(['proxy.resources.memory.request', figures.memoryRequest]);
  }
  if (figures.memoryLimit) {
    annotations['config.linkerd.io/proxy-memory-limit'] = figures.memoryLimit;
    helm.push(['proxy.resources.memory.limit', figures.memoryLimit]);
  }
  if (helm.length === 0) return [];
  const since = { label: 'Linkerd 2.9', release: '2.9.0', edge: '19.12.3' };
  return [
    {
      scope: 'pod annotation',
      title: 'linkerd-proxy resources for this workload',
      since,
      yaml: podTemplateAnnotations(annotations),
      source: `${TREE}/stable-2.9.0/pkg/k8s/labels.go`,
    },
    {
      scope: 'Helm value',
      title: 'mesh-wide default (linkerd-control-plane chart)',
      since: { label: 'Linkerd 2.12 (edge-21.12.3)', release: '2.12.0', edge: '21.12.3' },
      yaml: nestedValues(helm),
      source: `${TREE}/stable-2.12.0/charts/linkerd-control-plane/values.yaml`,
    },
  ];
}

export const LINKERD: InjectorProfile = {
  id: 'linkerd',
  name: 'Linkerd',
  role: 'mesh-proxy',
  detect(pod, container) {
    if (container.name !== 'linkerd-proxy') return [];
    const signals: string[] = [];
    const version = pod.annotations[LINKERD_VERSION_ANNOTATION];
    if (version !== undefined) signals.push(`annotation ${LINKERD_VERSION_ANNOTATION}: ${version}`);
    if (IMAGE.test(imageRepository(container.image))) signals.push(`image ${container.image}`);
    return signals;
  },
  versionOf: (pod) => pod.annotations[LINKERD_VERSION_ANNOTATION],
  versionIsInjectors: true,
  readiness: { handler: 'httpGet', path: '/ready', port: 4191, source: `${TREE}/version-2.20/charts/partials/templates/_proxy.tpl` },
  nativeSidecar: NATIVE,
  holdApplication: AWAIT,
  shutdown: [
    {
      scope: 'pod annotation',
      title: 'keep linkerd-proxy up for this long after SIGTERM (within terminationGracePeriodSeconds)',
      since: { label: 'Linkerd 2.9', release: '2.9.0', edge: '19.12.3' },
      yaml: podTemplateAnnotations({ 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '15' }),
      source: `${TREE}/stable-2.9.0/pkg/k8s/labels.go`,
      values: [
        {
          name: 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
          value: '15',
          origin: 'suggested',
          basis: 'longer than the app takes to drain; keep it below terminationGracePeriodSeconds',
        },
      ],
    },
  ],
  resources,
};
