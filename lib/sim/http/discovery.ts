/**
 * `/version` and legacy discovery (`/api`, `/api/v1`, `/apis`, group versions): enough for
 * client-go's RESTMapper in kubectl 1.27–1.33. Aggregated discovery (apidiscovery.k8s.io/v2) is
 * not served: answering plain `application/json` makes clients fall back to these documents.
 */
import { KUBELET_VERSION } from '../cluster-objects';

const verbs = ['get', 'list', 'watch'];

export function versionInfo() {
  const [major, minor] = KUBELET_VERSION.slice(1).split('.');
  return {
    major,
    minor,
    gitVersion: KUBELET_VERSION,
    gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T08:19:08Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
    emulationMajor: major,
    emulationMinor: minor,
    minCompatibilityMajor: major,
    minCompatibilityMinor: String(Number(minor) - 1),
  };
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

const resource = (name: string, kind: string, namespaced: boolean, shortNames: string[], resourceVerbs = verbs, categories?: string[]) => ({
  name,
  singularName: kind.toLowerCase(),
  namespaced,
  kind,
  verbs: resourceVerbs,
  ...(shortNames.length > 0 ? { shortNames } : {}),
  ...(categories ? { categories } : {}),
});

export function coreResources() {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('events', 'Event', true, ['ev']),
      resource('namespaces', 'Namespace', false, ['ns']),
      resource('nodes', 'Node', false, ['no']),
      resource('pods', 'Pod', true, ['po'], verbs, ['all']),
    ],
  };
}

const METRICS_GROUP = {
  name: 'metrics.k8s.io',
  versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
  preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
};

const EVENTS_GROUP = {
  name: 'events.k8s.io',
  versions: [{ groupVersion: 'events.k8s.io/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'events.k8s.io/v1', version: 'v1' },
};

export function apiGroups(withMetrics: boolean) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: withMetrics ? [EVENTS_GROUP, METRICS_GROUP] : [EVENTS_GROUP] };
}

export function eventsGroup() {
  return { kind: 'APIGroup', apiVersion: 'v1', ...EVENTS_GROUP };
}

export function eventsResources() {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'events.k8s.io/v1', resources: [resource('events', 'Event', true, ['ev'])] };
}

export function metricsGroup() {
  return { kind: 'APIGroup', apiVersion: 'v1', ...METRICS_GROUP };
}

export function metricsResources() {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'metrics.k8s.io/v1beta1',
    resources: [resource('nodes', 'NodeMetrics', false, [], ['get', 'list']), resource('pods', 'PodMetrics', true, [], ['get', 'list'])],
  };
}
