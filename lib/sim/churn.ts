/**
 * Scale: N pods across namespaces and Deployments, updated at a steady rate. Pods are cheap on
 * purpose: every pod of a Deployment shares one spec and one labels object, statuses are built on
 * demand from a few numbers per pod (typed arrays), and no per-pod timers or event recorders exist.
 */
import type { SimClock } from './clock';
import type { ContainerStatusWire, Pod, PodStatus } from './kube-types';
import { buildPod } from './kubelet/pod-builder';
import type { SimRandom } from './random';
import { container, resources, SCENARIO_LABEL } from './scenarios/kit';
import { toRfc3339 } from './time-format';
import type { PodMetricsRecord } from './store';
import type { ClusterWriter } from './writer';

export interface ChurnOptions {
  pods: number;
  namespaces?: number;
  updatesPerSecond?: number;
  podsPerDeployment?: number;
}

interface Workload {
  template: Pod;
  namespace: string;
  prefix: string;
}

const TICK_MS = 100;

function workloadTemplate(random: SimRandom, namespace: string, name: string, now: number): Workload {
  const hash = random.suffix(10);
  const template = buildPod(
    {
      name: '',
      namespace,
      uid: '',
      labels: { app: name, 'pod-template-hash': hash, [SCENARIO_LABEL]: 'churn' },
      annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
      owner: { kind: 'ReplicaSet', name: `${name}-${hash}`, uid: random.uid() },
      containers: [
        container('app', `ghcr.io/example/${name}:1.0.${random.int(0, 9)}`, { ports: [8080], resources: resources(['100m', '128Mi'], ['500m', '256Mi']) }),
        container('istio-proxy', 'docker.io/istio/proxyv2:1.22.0', { ports: [15090], resources: resources(['100m', '128Mi'], ['2', '1Gi']) }),
      ],
    },
    now,
  );
  return { template, namespace, prefix: `${name}-${hash}-` };
}

function containerStatus(name: string, image: string, started: string, restarts: number, ready: boolean): ContainerStatusWire {
  return {
    name,
    image,
    imageID: '',
    state: { running: { startedAt: started } },
    lastState: restarts > 0 ? { terminated: { exitCode: 1, reason: 'Error', startedAt: started, finishedAt: started } } : {},
    ready,
    restartCount: restarts,
    started: true,
  };
}

/** PodMetrics for churn pods, computed when asked rather than stored: 100,000 records are not kept. */
export type ChurnMetrics = (namespace?: string) => PodMetricsRecord[];

/** Starts the churn: creates every pod now, then applies `updatesPerSecond` status changes. */
export function startChurn(options: ChurnOptions, clock: SimClock, random: SimRandom, writer: ClusterWriter, nodeNames: string[]): ChurnMetrics {
  const now = clock.now();
  const namespaces = Math.max(1, options.namespaces ?? 10);
  const perDeployment = Math.max(1, options.podsPerDeployment ?? 50);
  const count = Math.max(0, Math.floor(options.pods));
  const workloads: Workload[] = [];
  const ownerOf = new Uint32Array(count);
  const restarts = new Uint16Array(count);
  const notReady = new Uint8Array(count);
  const names: string[] = new Array<string>(count);
  const uids: string[] = new Array<string>(count);
  const startedAt = toRfc3339(now);

  const shared = new Map<string, PodStatus>();
  const specs = new Map<string, Pod['spec']>();
  const statusOf = (i: number): PodStatus => {
    if (restarts[i] === 0 && notReady[i] === 0) {
      const key = String(ownerOf[i]);
      const cached = shared.get(key) ?? buildStatus(i);
      shared.set(key, cached);
      return cached;
    }
    return buildStatus(i);
  };
  const buildStatus = (i: number): PodStatus => {
    const w = workloads[ownerOf[i] ?? 0] as Workload;
    const ready = notReady[i] === 0;
    const cond = (type: string, status: boolean) => ({ type, status: status ? ('True' as const) : ('False' as const), lastProbeTime: null, lastTransitionTime: startedAt });
    const [app, proxy] = w.template.spec.containers;
    return {
      phase: 'Running',
      conditions: [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', true)],
      startTime: startedAt,
      containerStatuses: [containerStatus('app', app?.image ?? '', startedAt, restarts[i] ?? 0, ready), containerStatus('istio-proxy', proxy?.image ?? '', startedAt, 0, true)],
      qosClass: 'Burstable',
    };
  };
  const create = (i: number) => {
    const w = workloads[ownerOf[i] ?? 0] as Workload;
    names[i] = `${w.prefix}${random.suffix(5)}`;
    uids[i] = random.uid();
    const metadata = { ...w.template.metadata, name: names[i], uid: uids[i], creationTimestamp: toRfc3339(clock.now()), generateName: w.prefix };
    const nodeName = nodeNames[i % nodeNames.length] ?? 'sim-node-1';
    const specKey = `${ownerOf[i]}/${nodeName}`;
    const spec = specs.get(specKey) ?? { ...w.template.spec, nodeName };
    specs.set(specKey, spec);
    writer.apply({ type: 'create-pod', object: { ...w.template, metadata, spec, status: statusOf(i) } });
  };

  for (let i = 0; i < count; i++) {
    if (i % perDeployment === 0) {
      const ns = `churn-${(workloads.length % namespaces).toString().padStart(2, '0')}`;
      workloads.push(workloadTemplate(random, ns, `svc-${workloads.length.toString().padStart(4, '0')}`, now));
    }
    ownerOf[i] = workloads.length - 1;
    create(i);
  }
  const metrics: ChurnMetrics = (namespace) => {
    const timestamp = toRfc3339(clock.now());
    const wobble = Math.floor(clock.now() / 15_000);
    const out: PodMetricsRecord[] = [];
    for (let i = 0; i < count; i++) {
      const w = workloads[ownerOf[i] ?? 0] as Workload;
      if (namespace !== undefined && w.namespace !== namespace) continue;
      const h = ((i * 2654435761 + wobble * 40503) >>> 0) % 1000;
      out.push({
        namespace: w.namespace,
        name: names[i] ?? '',
        timestamp,
        window: '15s',
        labels: w.template.metadata.labels ?? {},
        containers: [
          { name: 'app', usage: { cpu: `${(40 + (h % 160)) * 1_000_000}n`, memory: `${(90 + (h % 120)) * 1024}Ki` } },
          { name: 'istio-proxy', usage: { cpu: `${(4 + (h % 16)) * 1_000_000}n`, memory: `${(38 + (h % 30)) * 1024}Ki` } },
        ],
      });
    }
    return out;
  };
  if (count === 0) return metrics;

  const perTick = ((options.updatesPerSecond ?? 10) * TICK_MS) / 1000;
  let budget = 0;
  const tick = () => {
    budget += perTick;
    for (; budget >= 1; budget--) {
      const i = random.int(0, count - 1);
      const roll = random.next();
      const namespace = workloads[ownerOf[i] ?? 0]?.namespace ?? 'default';
      if (roll < 0.1) {
        writer.apply({ type: 'delete-pod', namespace, name: names[i] ?? '' });
        restarts[i] = 0;
        notReady[i] = 0;
        create(i);
        continue;
      }
      if (roll < 0.6) restarts[i] = Math.min(65535, (restarts[i] ?? 0) + 1);
      else notReady[i] = notReady[i] === 0 ? 1 : 0;
      writer.apply({ type: 'replace-pod-status', namespace, name: names[i] ?? '', status: statusOf(i) });
    }
    clock.after(TICK_MS, tick);
  };
  clock.after(TICK_MS, tick);
  return metrics;
}

/** The churn namespaces' names, for creating them up front. */
export function churnNamespaces(options: ChurnOptions): string[] {
  const total = Math.max(1, options.namespaces ?? 10);
  const used = Math.min(total, Math.ceil(Math.max(0, options.pods) / Math.max(1, options.podsPerDeployment ?? 50)));
  return Array.from({ length: used }, (_, i) => `churn-${i.toString().padStart(2, '0')}`);
}
