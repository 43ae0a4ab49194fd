/**
 * A {@link ScenarioContext} whose pods run on Kubernetes' own kubelet: `runPod` creates the pod
 * the scenario declares (the same defaults as the simulated cluster's, lib/sim/kubelet/pod-builder)
 * on the real API server, bound to the hollow kubelet's node by `spec.nodeName` (no scheduler
 * runs), with the container behaviours in the `sidecarscope.dev/behaviours` annotation for the
 * scripted CRI runtime (e2e/kube-apiserver/cri_cmd.go). Time is the wall clock: the kubelet runs
 * in real time. Writes are queued in order; failures are kept, never thrown into the scenario.
 */
import type { SimClock } from '@/lib/sim/clock';
import type { Behaviour } from '@/lib/sim/kubelet/behaviour';
import { buildPod, type PodDraft } from '@/lib/sim/kubelet/pod-builder';
import type { ContainerSpec } from '@/lib/sim/kube-types';
import { createRandom } from '@/lib/sim/random';
import type { Scenario, ScenarioContext } from '@/lib/sim/scenarios/kit';
import { hasStatus, type RestClient } from '../cluster/kube-rest';

export const BEHAVIOURS_ANNOTATION = 'sidecarscope.dev/behaviours';

type Json = Record<string, unknown>;

/** setTimeout as a {@link SimClock}; `stop()` cancels whatever is still scheduled. */
export class WallClock implements SimClock {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  now(): number {
    return Date.now();
  }

  setTimer(task: () => void, ms: number): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  at(timeMs: number, task: () => void): () => void {
    return this.setTimer(task, Math.max(0, timeMs - this.now()));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Where the runtime must answer for a container: its ports, HTTP where an httpGet probe asks. */
interface PortScript {
  port: number;
  kind: 'http' | 'tcp';
}

interface ProbeLike {
  httpGet?: { port?: number | string };
  tcpSocket?: { port?: number | string };
}

function portNumber(c: ContainerSpec, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return c.ports?.find((p) => (p as { name?: string }).name === port)?.containerPort;
}

/** The ports a container listens on: declared ports (TCP) and probe targets (HTTP for httpGet). */
export function portsOf(c: ContainerSpec): PortScript[] {
  const kinds = new Map<number, PortScript['kind']>();
  for (const p of c.ports ?? []) kinds.set(p.containerPort, 'tcp');
  const probes = [c.startupProbe, c.readinessProbe, c.livenessProbe] as (ProbeLike | undefined)[];
  for (const probe of probes) {
    const http = portNumber(c, probe?.httpGet?.port);
    if (http !== undefined) kinds.set(http, 'http');
    const tcp = portNumber(c, probe?.tcpSocket?.port);
    if (tcp !== undefined && !kinds.has(tcp)) kinds.set(tcp, 'tcp');
  }
  return [...kinds].map(([port, kind]) => ({ port, kind }));
}

/** The runtime's script for each container of `pod`: its behaviour, image and ports. */
export function behavioursAnnotation(containers: ContainerSpec[], behaviours: Record<string, Behaviour>): string {
  const script: Record<string, Json> = {};
  for (const c of containers) {
    const behaviour: Json = { ...behaviours[c.name] };
    delete behaviour.logs; // rendered by the simulated kubelet only; the runtime writes no logs
    script[c.name] = { ...behaviour, image: c.image, ports: portsOf(c) };
  }
  return JSON.stringify(script);
}

export interface WriteFailure {
  what: string;
  message: string;
}

export class KubeletScenarioContext implements ScenarioContext {
  readonly clock = new WallClock();
  readonly random;
  readonly failures: WriteFailure[] = [];
  /** Pods created, in order: `namespace/name` → scenario. */
  readonly pods = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly namespaces = new Set<string>();
  private current: Scenario | undefined;

  /** Prefixed to every namespace, so several runs can share one API server (`r1-cronjobs`, …). */
  readonly prefix: string;

  constructor(
    private readonly rest: RestClient,
    private readonly nodeName: string,
    options: { seed?: number; namespacePrefix?: string } = {},
  ) {
    this.random = createRandom(options.seed ?? 1);
    this.prefix = options.namespacePrefix ?? '';
  }

  /** Starts `scenario` (its namespace and the objects its pods mount first). */
  start(scenario: Scenario): void {
    this.current = scenario;
    try {
      scenario.start(this);
    } finally {
      this.current = undefined;
    }
  }

  runPod(draft: PodDraft, behaviours: Record<string, Behaviour> = {}): { delete(gracePeriodSeconds?: number): void } {
    const pod = buildPod(draft, this.clock.now());
    const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
    const namespace = `${this.prefix}${pod.metadata.namespace ?? 'default'}`;
    const name = pod.metadata.name;
    const metadata: Json = { ...pod.metadata, namespace };
    for (const key of ['uid', 'creationTimestamp', 'managedFields']) delete metadata[key];
    metadata.annotations = { ...pod.metadata.annotations, [BEHAVIOURS_ANNOTATION]: behavioursAnnotation(containers, behaviours) };
    const body = { apiVersion: 'v1', kind: 'Pod', metadata, spec: { ...pod.spec, nodeName: this.nodeName } };
    this.pods.set(`${namespace}/${name}`, this.current?.name ?? '');
    this.enqueue(`create ${namespace}/${name}`, async () => {
      await this.ensureNamespace(namespace, pod.spec.volumes ?? []);
      await this.rest.request('POST', `/api/v1/namespaces/${namespace}/pods`, body);
    });
    return {
      delete: (gracePeriodSeconds?: number) =>
        this.enqueue(`delete ${namespace}/${name}`, async () => {
          const options = { apiVersion: 'v1', kind: 'DeleteOptions', ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }) };
          try {
            await this.rest.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, options);
          } catch (error) {
            if (!hasStatus(error, 404)) throw error;
          }
        }),
    };
  }

  /** Resolves once every queued write was sent. */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    this.clock.stop();
  }

  private enqueue(what: string, task: () => Promise<void>): void {
    this.queue = this.queue.then(() =>
      task().catch((error: unknown) => {
        this.failures.push({ what, message: error instanceof Error ? error.message : String(error) });
      }),
    );
  }

  /**
   * The namespace, its `default` ServiceAccount (no controller-manager makes it; the kubelet needs
   * it for the projected token every pod mounts) and the ConfigMaps and Secrets pods mount.
   */
  private async ensureNamespace(namespace: string, volumes: unknown[]): Promise<void> {
    if (!this.namespaces.has(namespace)) {
      await this.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      await this.create(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
      this.namespaces.add(namespace);
    }
    for (const volume of volumes as { configMap?: { name?: string }; secret?: { secretName?: string } }[]) {
      if (volume.configMap?.name)
        await this.create(`/api/v1/namespaces/${namespace}/configmaps`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: volume.configMap.name },
          data: {},
        });
      if (volume.secret?.secretName)
        await this.create(`/api/v1/namespaces/${namespace}/secrets`, {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: volume.secret.secretName },
          data: {},
        });
    }
  }

  private async create(path: string, body: Json): Promise<void> {
    try {
      await this.rest.request('POST', path, body);
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
    }
  }
}
