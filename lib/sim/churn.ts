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

/** Per-pod state as typed arrays and two string arrays; objects are built only when written. */
class ChurnGenerator {
  private readonly workloads: Workload[] = [];
  private readonly ownerOf: Uint32Array;
  private readonly restarts: Uint16Array;
  private readonly notReady: Uint8Array;
  private readonly names: string[];
  private readonly sharedStatus = new Map<number, PodStatus>();
  private readonly specs = new Map<string, Pod['spec']>();
  private readonly startedAt: string;
  private budget = 0;
  /** Pods created so far: makes every name unique (random 5-letter suffixes collide at 50,000 pods). */
  private created = 0;

  constructor(
    private readonly options: ChurnOptions,
    private readonly clock: SimClock,
    private readonly random: SimRandom,
    private readonly writer: ClusterWriter,
    private readonly nodeNames: string[],
    readonly count = Math.max(0, Math.floor(options.pods)),
  ) {
    this.ownerOf = new Uint32Array(count);
    this.restarts = new Uint16Array(count);
    this.notReady = new Uint8Array(count);
    this.names = new Array<string>(count);
    this.startedAt = toRfc3339(clock.now());
  }

  createAll(): void {
    const namespaces = Math.max(1, this.options.namespaces ?? 10);
    const perDeployment = Math.max(1, this.options.podsPerDeployment ?? 50);
    for (let i = 0; i < this.count; i++) {
      if (i % perDeployment === 0) {
        const n = this.workloads.length;
        const ns = `churn-${(n % namespaces).toString().padStart(2, '0')}`;
        this.workloads.push(workloadTemplate(this.random, ns, `svc-${n.toString().padStart(4, '0')}`, this.clock.now()));
      }
      this.ownerOf[i] = this.workloads.length - 1;
      this.create(i);
    }
  }

  /** Applies the updates due in one tick: 10% replace a pod, 50% restart its app, 40% flip readiness. */
  tick(): void {
    this.budget += ((this.options.updatesPerSecond ?? 10) * TICK_MS) / 1000;
    for (; this.budget >= 1; this.budget--) {
      const i = this.random.int(0, this.count - 1);
      const roll = this.random.next();
      const namespace = this.workloadOf(i).namespace;
      if (roll < 0.1) {
        this.writer.apply({ type: 'delete-pod', namespace, name: this.names[i] ?? '' });
        this.restarts[i] = 0;
        this.notReady[i] = 0;
        this.create(i);
        continue;
      }
      if (roll < 0.6) this.restarts[i] = Math.min(65535, (this.restarts[i] ?? 0) + 1);
      else this.notReady[i] = this.notReady[i] === 0 ? 1 : 0;
      this.writer.apply({ type: 'replace-pod-status', namespace, name: this.names[i] ?? '', status: this.statusOf(i) });
    }
  }

  metrics(namespace?: string): PodMetricsRecord[] {
    const timestamp = toRfc3339(this.clock.now());
    const wobble = Math.floor(this.clock.now() / 15_000);
    const out: PodMetricsRecord[] = [];
    for (let i = 0; i < this.count; i++) {
      const w = this.workloadOf(i);
      if (namespace !== undefined && w.namespace !== namespace) continue;
      const h = ((i * 2654435761 + wobble * 40503) >>> 0) % 1000;
      const usage = (cpuMilli: number, memMi: number) => ({ cpu: `${cpuMilli * 1_000_000}n`, memory: `${memMi * 1024}Ki` });
      out.push({
        namespace: w.namespace,
        name: this.names[i] ?? '',
        timestamp,
        window: '15s',
        labels: w.template.metadata.labels ?? {},
        containers: [
          { name: 'app', usage: usage(40 + (h % 160), 90 + (h % 120)) },
          { name: 'istio-proxy', usage: usage(4 + (h % 16), 38 + (h % 30)) },
        ],
      });
    }
    return out;
  }

  private workloadOf(i: number): Workload {
    return this.workloads[this.ownerOf[i] ?? 0] as Workload;
  }

  private create(i: number): void {
    const w = this.workloadOf(i);
    this.names[i] = `${w.prefix}${uniqueSuffix(this.created++)}`;
    const metadata = {
      ...w.template.metadata,
      name: this.names[i],
      uid: this.random.uid(),
      creationTimestamp: toRfc3339(this.clock.now()),
      generateName: w.prefix,
    };
    const nodeName = this.nodeNames[i % this.nodeNames.length] ?? 'sim-node-1';
    const specKey = `${this.ownerOf[i]}/${nodeName}`;
    const spec = this.specs.get(specKey) ?? { ...w.template.spec, nodeName };
    this.specs.set(specKey, spec);
    this.writer.apply({ type: 'create-pod', object: { ...w.template, metadata, spec, status: this.statusOf(i) } });
  }

  /** Healthy pods of one workload share a single status object: statuses are never mutated. */
  private statusOf(i: number): PodStatus {
    if (this.restarts[i] !== 0 || this.notReady[i] !== 0) return this.buildStatus(i);
    const owner = this.ownerOf[i] ?? 0;
    const cached = this.sharedStatus.get(owner) ?? this.buildStatus(i);
    this.sharedStatus.set(owner, cached);
    return cached;
  }

  private buildStatus(i: number): PodStatus {
    const ready = this.notReady[i] === 0;
    const at = this.startedAt;
    const cond = (type: string, status: boolean) => ({
      type,
      status: status ? ('True' as const) : ('False' as const),
      lastProbeTime: null,
      lastTransitionTime: at,
    });
    const [app, proxy] = this.workloadOf(i).template.spec.containers;
    return {
      phase: 'Running',
      conditions: [
        cond('PodReadyToStartContainers', true),
        cond('Initialized', true),
        cond('Ready', ready),
        cond('ContainersReady', ready),
        cond('PodScheduled', true),
      ],
      startTime: at,
      containerStatuses: [
        containerStatus('app', app?.image ?? '', at, this.restarts[i] ?? 0, ready),
        containerStatus('istio-proxy', proxy?.image ?? '', at, 0, true),
      ],
      qosClass: 'Burstable',
    };
  }
}

/** Starts the churn: creates every pod now, then applies `updatesPerSecond` status changes. */
export function startChurn(options: ChurnOptions, clock: SimClock, random: SimRandom, writer: ClusterWriter, nodeNames: string[]): ChurnMetrics {
  const churn = new ChurnGenerator(options, clock, random, writer, nodeNames);
  churn.createAll();
  if (churn.count > 0) {
    const tick = () => {
      churn.tick();
      clock.setTimer(tick, TICK_MS);
    };
    clock.setTimer(tick, TICK_MS);
  }
  return (namespace) => churn.metrics(namespace);
}

/** The churn namespaces' names, for creating them up front. */
export function churnNamespaces(options: ChurnOptions): string[] {
  const total = Math.max(1, options.namespaces ?? 10);
  const used = Math.min(total, Math.ceil(Math.max(0, options.pods) / Math.max(1, options.podsPerDeployment ?? 50)));
  return Array.from({ length: used }, (_, i) => `churn-${i.toString().padStart(2, '0')}`);
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The `n`th five-letter suffix from the ReplicaSet alphabet, scattered so neighbours look random. */
export function uniqueSuffix(n: number): string {
  const space = SUFFIX_ALPHABET.length ** 5;
  // 7,919,111 is prime and coprime with 27^5, so this permutes the suffix space.
  let value = (n * 7_919_111 + 104_729) % space;
  let out = '';
  for (let i = 0; i < 5; i += 1) {
    out += SUFFIX_ALPHABET[value % SUFFIX_ALPHABET.length];
    value = Math.floor(value / SUFFIX_ALPHABET.length);
  }
  return out;
}
