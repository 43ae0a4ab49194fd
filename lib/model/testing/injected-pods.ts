/**
 * Pods as each sidecar injector writes them, hand-written from the injectors' own templates (the
 * files linked on each profile in `lib/model/injectors`): the injected container with its real
 * name, image, ports, probes and resources, the init container the injector adds, and the
 * annotations it leaves. {@link aMeshedPod} puts one in a situation a finding is about.
 */
import type { InjectorId } from '../injectors';
import { aContainer, aStatus, at, running, terminated } from './container-builders';
import { aPod, ownedBy } from './pod-builder';
import type { RawContainer, RawContainerStatus, RawPod } from './raw-types';

export interface InjectedTemplate {
  id: InjectorId;
  sidecar: RawContainer;
  initContainers: RawContainer[];
  annotations: Record<string, string>;
}

export interface TemplateOptions {
  /** The injector's (or its proxy's) version as the pod shows it. */
  version?: string;
}

const http = (path: string, port: number, extra: Record<string, unknown> = {}) => ({
  httpGet: { path, port, scheme: 'HTTP' },
  successThreshold: 1,
  timeoutSeconds: 3,
  periodSeconds: 10,
  failureThreshold: 3,
  initialDelaySeconds: 0,
  ...extra,
});
const ports = (entries: [number, string][]) => entries.map(([containerPort, name]) => ({ containerPort, name, protocol: 'TCP' }));
const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});
const init = (name: string, image: string): RawContainer => aContainer(name, { image });

/** istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml (1.22). */
export function istioTemplate({ version = '1.22.1' }: TemplateOptions = {}): InjectedTemplate {
  const image = `docker.io/istio/proxyv2:${version}`;
  return {
    id: 'istio',
    sidecar: {
      ...aContainer('istio-proxy', { image }),
      args: ['proxy', 'sidecar'],
      ports: ports([[15090, 'http-envoy-prom']]),
      readinessProbe: http('/healthz/ready', 15021, { periodSeconds: 15, failureThreshold: 4 }),
      resources: resources('100m', '128Mi', '2', '1Gi'),
    },
    initContainers: [init('istio-init', image)],
    annotations: {
      'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['istio-envoy'], revision: 'default' }),
      'kubectl.kubernetes.io/default-container': 'app',
    },
  };
}

/** linkerd/linkerd2 charts/partials/templates/_proxy.tpl: admin 4191 (`/ready`, `/live`), inbound 4143. */
export function linkerdTemplate({ version = 'stable-2.14.10' }: TemplateOptions = {}): InjectedTemplate {
  return {
    id: 'linkerd',
    sidecar: {
      ...aContainer('linkerd-proxy', { image: `cr.l5d.io/linkerd/proxy:${version}` }),
      ports: ports([
        [4143, 'linkerd-proxy'],
        [4191, 'linkerd-admin'],
      ]),
      readinessProbe: http('/ready', 4191, { initialDelaySeconds: 2 }),
      livenessProbe: http('/live', 4191, { initialDelaySeconds: 10 }),
      resources: resources('100m', '20Mi', '1', '250Mi'),
    },
    initContainers: [init('linkerd-init', 'cr.l5d.io/linkerd/proxy-init:v2.2.3')],
    annotations: { 'linkerd.io/proxy-version': version, 'linkerd.io/created-by': `linkerd/proxy-injector ${version}`, 'linkerd.io/inject': 'enabled' },
  };
}

/** hashicorp/consul-k8s control-plane/connect-inject/webhook/consul_dataplane_sidecar.go: tcpSocket 20000. */
export function consulTemplate({ version = '1.5.0' }: TemplateOptions = {}): InjectedTemplate {
  return {
    id: 'consul',
    sidecar: {
      ...aContainer('consul-dataplane', { image: `hashicorp/consul-dataplane:${version}` }),
      readinessProbe: { tcpSocket: { port: 20000 }, initialDelaySeconds: 1, periodSeconds: 10, failureThreshold: 3 },
      resources: resources('100m', '100Mi', '100m', '100Mi'),
    },
    initContainers: [init('consul-connect-inject-init', 'hashicorp/consul-k8s-control-plane:1.5.0')],
    annotations: { 'consul.hashicorp.com/connect-inject-status': 'injected', 'consul.hashicorp.com/connect-inject': 'true' },
  };
}

/** kumahq/kuma pkg/plugins/runtime/k8s/containers/factory.go: `/ready` on the admin port 9901. */
export function kumaTemplate({ version = '2.6.0' }: TemplateOptions = {}): InjectedTemplate {
  return {
    id: 'kuma',
    sidecar: {
      ...aContainer('kuma-sidecar', { image: `docker.io/kumahq/kuma-dp:${version}` }),
      readinessProbe: http('/ready', 9901, { initialDelaySeconds: 1, periodSeconds: 5, failureThreshold: 12 }),
      livenessProbe: http('/ready', 9901, { initialDelaySeconds: 60, periodSeconds: 5, failureThreshold: 12 }),
      resources: resources('50m', '64Mi', '1000m', '512Mi'),
    },
    initContainers: [init('kuma-init', `docker.io/kumahq/kuma-init:${version}`)],
    annotations: { 'kuma.io/sidecar-injected': 'true', 'kuma.io/mesh': 'default' },
  };
}

/** dapr/dapr pkg/injector/patcher/sidecar_container.go: `/v1.0/healthz` on 3501. */
export function daprTemplate({ version = '1.13.0' }: TemplateOptions = {}): InjectedTemplate {
  return {
    id: 'dapr',
    sidecar: {
      ...aContainer('daprd', { image: `docker.io/daprio/daprd:${version}` }),
      ports: ports([
        [3500, 'dapr-http'],
        [50001, 'dapr-grpc'],
        [50002, 'dapr-internal'],
        [9090, 'dapr-metrics'],
      ]),
      readinessProbe: http('/v1.0/healthz', 3501, { initialDelaySeconds: 3, periodSeconds: 6 }),
      livenessProbe: http('/v1.0/healthz', 3501, { initialDelaySeconds: 3, periodSeconds: 6 }),
    },
    initContainers: [],
    annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'checkout' },
  };
}

/** hashicorp/vault-k8s agent-inject/agent/container_sidecar.go: no probes, vault-agent-init first. */
export function vaultTemplate({ version = '1.15.2' }: TemplateOptions = {}): InjectedTemplate {
  const image = `hashicorp/vault:${version}`;
  return {
    id: 'vault-agent',
    sidecar: { ...aContainer('vault-agent', { image }), resources: resources('250m', '64Mi', '500m', '128Mi') },
    initContainers: [init('vault-agent-init', image)],
    annotations: { 'vault.hashicorp.com/agent-inject': 'true', 'vault.hashicorp.com/agent-inject-status': 'injected' },
  };
}

/** GoogleCloudPlatform/cloud-sql-proxy-operator internal/workload/podspec_updates.go (before v1.6.0: a regular container). */
export function cloudSqlTemplate({ version = '2.8.0' }: TemplateOptions = {}): InjectedTemplate {
  const image = `gcr.io/cloud-sql-connectors/cloud-sql-proxy:${version}`;
  return {
    id: 'cloud-sql-proxy-operator',
    sidecar: {
      ...aContainer('csql-batch-reports-db', { image }),
      ports: ports([
        [5432, 'csql-port-0'],
        [9801, 'csql-health'],
      ]),
      startupProbe: http('/startup', 9801, { periodSeconds: 1, failureThreshold: 60 }),
      livenessProbe: http('/liveness', 9801),
    },
    initContainers: [],
    annotations: { 'cloudsql.cloud.google.com/reports-db': `1,${image}` },
  };
}

/** aws/aws-app-mesh-controller-for-k8s pkg/inject/sidecar_builder.go: exec readiness on the admin port 9901. */
export function appMeshTemplate({ version = 'v1.27.3.0-prod' }: TemplateOptions = {}): InjectedTemplate {
  return {
    id: 'aws-app-mesh',
    sidecar: {
      ...aContainer('envoy', { image: `840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:${version}` }),
      ports: ports([[9901, 'stats']]),
      readinessProbe: {
        exec: { command: ['sh', '-c', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'] },
        initialDelaySeconds: 1,
        periodSeconds: 10,
        failureThreshold: 3,
      },
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
    },
    initContainers: [init('proxyinit', '840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-proxy-route-manager:v7-prod')],
    annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'enabled' },
  };
}

export const INJECTED_TEMPLATES: Readonly<Record<InjectorId, (options?: TemplateOptions) => InjectedTemplate>> = {
  istio: istioTemplate,
  linkerd: linkerdTemplate,
  consul: consulTemplate,
  kuma: kumaTemplate,
  dapr: daprTemplate,
  'vault-agent': vaultTemplate,
  'cloud-sql-proxy-operator': cloudSqlTemplate,
  'aws-app-mesh': appMeshTemplate,
};

/**
 * - `steady`: everything running and ready;
 * - `race`: the app started at 2 s and failed at 3 s while the sidecar (running since 1 s) was not ready;
 * - `oom`: the sidecar was OOM-killed once at its memory limit;
 * - `job`: a Job's app finished at 10 s, the sidecar keeps running;
 * - `no-resources`: the injector was left without resources for the sidecar;
 * - `shutdown`: deletion requested at 100 s (grace 30 s), the sidecar exited at 101 s while the app drains.
 */
export type Situation = 'steady' | 'race' | 'oom' | 'job' | 'no-resources' | 'shutdown';

function statusesFor(template: InjectedTemplate, situation: Situation): RawContainerStatus[] {
  const name = template.sidecar.name;
  const inits = template.initContainers.map((container) =>
    aStatus(container.name, terminated({ exitCode: 0, reason: 'Completed', startedAt: at(0), finishedAt: at(1) }), { ready: true }),
  );
  switch (situation) {
    case 'race':
      return [
        ...inits,
        aStatus(name, running(at(1), { ready: false })),
        aStatus('app', running(at(4)), { restartCount: 1, lastState: terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) }) }),
      ];
    case 'oom':
      return [
        ...inits,
        aStatus(name, running(at(60)), {
          restartCount: 1,
          lastState: terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: at(1), finishedAt: at(59) }),
        }),
        aStatus('app', running(at(2))),
      ];
    case 'job':
      return [...inits, aStatus(name, running(at(1))), aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(2), finishedAt: at(10) }))];
    case 'shutdown':
      return [
        ...inits,
        aStatus(name, terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(101) })),
        aStatus('app', running(at(2), { ready: false })),
      ];
    default:
      return [...inits, aStatus(name, running(at(1))), aStatus('app', running(at(2)))];
  }
}

/**
 * A pod of `template`'s injector in `situation`: an `app` container beside the injected sidecar;
 * `memoryLimit` replaces the sidecar's (the limit an `oom` sidecar was killed at).
 */
export function aMeshedPod(template: InjectedTemplate, situation: Situation, options: { memoryLimit?: string } = {}): RawPod {
  const { resources: ownResources, ...bare } = template.sidecar;
  const limited =
    options.memoryLimit === undefined
      ? template.sidecar
      : { ...bare, resources: { requests: ownResources?.requests ?? {}, limits: { ...ownResources?.limits, memory: options.memoryLimit } } };
  const sidecar = situation === 'no-resources' ? bare : limited;
  const job = situation === 'job';
  return aPod({
    name: job ? 'report-28689938-x7k2p' : 'web-7d4b9c8f6d-abcde',
    namespace: 'shop',
    owner: job ? ownedBy('Job', 'report-28689938') : ownedBy('ReplicaSet', 'web-7d4b9c8f6d'),
    restartPolicy: job ? 'Never' : 'Always',
    ...(situation === 'shutdown' ? { deletionTimestamp: at(130), deletionGracePeriodSeconds: 30 } : {}),
    annotations: template.annotations,
    initContainers: template.initContainers,
    containers: [
      aContainer('app', { image: 'ghcr.io/example/app:1.4.2', ports: [8080], requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } }),
      sidecar,
    ],
    statuses: statusesFor(template, situation),
  });
}
