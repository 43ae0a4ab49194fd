/**
 * One pod on the simulated kubelet: admission, sandbox, init containers one by one (native
 * sidecars gate the next step once *started*), main containers in parallel, probes, exits,
 * restarts with the CrashLoopBackOff ladder, OOM kills, and graceful deletion. Every change goes
 * out as a {@link ClusterAction}; the runner never reads the store.
 * Semantics follow kubelet v1.33 kuberuntime_container.go / kuberuntime_manager.go:
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/kuberuntime/kuberuntime_manager.go
 */
import type { SimClock } from '../clock';
import type { ContainerUsage, Pod } from '../kube-types';
import type { SimRandom } from '../random';
import { toRfc3339 } from '../time-format';
import type { ClusterWriter } from '../writer';
import { restartWithBackOff } from './back-off';
import { newRuntime, type Behaviour, type ContainerRuntime } from './behaviour';
import { EventRecorder } from './event-recorder';
import { buildPod, type PodDraft } from './pod-builder';
import { buildPodStatus, qualifiedImage, type PodRuntimeView } from './pod-status';
import { runProbe } from './probes';
import { stopContainers } from './pod-shutdown';
import { oomAfterMs, usageOf } from './usage';

export interface KubeletContext {
  clock: SimClock;
  random: SimRandom;
  writer: ClusterWriter;
  nodeName: string;
  nodeIP: string;
  podIP: string;
  /** Images present on the node (image → imageID): shared by every pod on it. */
  imageIDs: Map<string, string>;
}

const fieldPathOf = (c: ContainerRuntime) => `spec.${c.list}{${c.spec.name}}`;

export class PodRunner {
  readonly pod: Pod;
  readonly containers: ContainerRuntime[];
  readonly events: EventRecorder;
  readonly view: PodRuntimeView;
  /** A delete was requested. */
  terminating = false;
  /** The kubelet is stopping containers (deletion or Job completion): nothing restarts any more. */
  stopping = false;
  gone = false;
  private dirty = false;
  private holding = false;
  private heldDirty = false;
  private admitted = false;
  private bound = false;
  /** The regular containers' first starts have begun (one after another: `startInOrder`). */
  private mainsStarting = false;
  /** The phase of the last status written: what the API server sees when a delete comes in. */
  private writtenPhase: string | undefined;

  constructor(
    readonly ctx: KubeletContext,
    draft: PodDraft,
    behaviours: Record<string, Behaviour> = {},
  ) {
    this.pod = buildPod(draft, ctx.clock.now());
    const inits = (this.pod.spec.initContainers ?? []).map((s) => newRuntime(s, 'initContainers', behaviours[s.name]));
    const mains = this.pod.spec.containers.map((s) => newRuntime(s, 'containers', behaviours[s.name]));
    this.containers = [...inits, ...mains];
    this.events = new EventRecorder({ ...this.pod, spec: { ...this.pod.spec, nodeName: ctx.nodeName } }, ctx.writer, ctx.random);
    this.view = {
      now: ctx.clock.now(),
      containers: this.containers,
      restartPolicy: this.pod.spec.restartPolicy,
      sandboxReady: false,
      sandboxGone: false,
      qosClass: this.pod.status.qosClass ?? 'BestEffort',
      transitions: new Map(),
      imageIDs: ctx.imageIDs,
    };
  }

  get namespace(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  get name(): string {
    return this.pod.metadata.name;
  }

  /** Creates the pod; the scheduler binds it and the kubelet takes it from there. */
  start(): void {
    const { clock, writer, random, nodeName } = this.ctx;
    writer.apply({ type: 'create-pod', object: this.pod });
    this.later(random.int(20, 150), () => {
      writer.apply({ type: 'bind-pod', namespace: this.namespace, name: this.name, nodeName });
      this.bound = true;
      this.events.scheduled(clock.now(), nodeName);
      const at = toRfc3339(clock.now());
      this.view.transitions.set('PodScheduled', { status: 'True', at: clock.now() });
      const scheduled = { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: at };
      writer.apply({ type: 'replace-pod-status', namespace: this.namespace, name: this.name, status: { ...this.pod.status, conditions: [scheduled] } });
      this.later(random.int(200, 600), () => this.admit());
    });
  }

  /**
   * Sends SIGTERM now and SIGKILL at the end of the grace period, then deletes the pod. The API
   * server turns a graceful delete into an immediate one for a pod that is unscheduled or already
   * Succeeded/Failed (`CheckGracefulDelete`,
   * https://github.com/kubernetes/kubernetes/blob/v1.34.4/pkg/registry/core/pod/strategy.go):
   * no `deletionTimestamp`, no more status, just DELETED.
   */
  delete(gracePeriodSeconds = this.pod.spec.terminationGracePeriodSeconds): void {
    if (this.terminating || this.gone) return;
    this.terminating = true;
    const { clock, writer } = this.ctx;
    if (!this.bound || this.writtenPhase === 'Succeeded' || this.writtenPhase === 'Failed') {
      writer.apply({ type: 'delete-pod', namespace: this.namespace, name: this.name, at: toRfc3339(clock.now()) });
      this.gone = true;
      return;
    }
    const deadline = clock.now() + gracePeriodSeconds * 1000;
    writer.apply({ type: 'mark-pod-deleting', namespace: this.namespace, name: this.name, deletionTimestamp: toRfc3339(deadline), gracePeriodSeconds });
    if (!this.admitted) return this.remove();
    stopContainers(this, deadline, () => this.finishPod(() => this.remove()));
  }

  /** PodMetrics usage for the running containers, as metrics-server would scrape it. */
  usage(): ContainerUsage[] {
    return usageOf(this.containers, this.ctx.clock.now(), this.ctx.random);
  }

  /**
   * While the kubelet stops containers (deletion, or a Job's sidecars) its pod worker is blocked
   * in that one sync (syncTerminatingPod/killPod, or SyncPod's kills wait for each StopContainer):
   * nothing it publishes changes until every container is down, so a sidecar that exits at once
   * shows as terminated only with the app's exit (seen on Kubernetes' own kubelet, test/kubelet).
   */
  holdStatus(): void {
    this.holding = true;
  }

  releaseStatus(): void {
    this.holding = false;
    if (this.heldDirty) {
      this.heldDirty = false;
      this.markDirty();
    }
  }

  markDirty(): void {
    if (this.holding) {
      this.heldDirty = true;
      return;
    }
    if (this.dirty || this.gone) return;
    this.dirty = true;
    this.ctx.clock.setTimer(() => {
      this.dirty = false;
      if (this.gone) return;
      this.view.now = this.ctx.clock.now();
      const status = buildPodStatus(this.view);
      this.writtenPhase = status.phase;
      this.ctx.writer.apply({ type: 'replace-pod-status', namespace: this.namespace, name: this.name, status });
    }, 0);
  }

  /** Runs `task` after `ms` unless the pod is gone by then. */
  later(ms: number, task: () => void): void {
    this.ctx.clock.setTimer(() => {
      if (!this.gone) task();
    }, ms);
  }

  event(type: 'Normal' | 'Warning', reason: Parameters<EventRecorder['kubelet']>[2], message: string, c?: ContainerRuntime): void {
    this.events.kubelet(this.ctx.clock.now(), type, reason, message, c ? fieldPathOf(c) : undefined);
  }

  /** Stops a running container's process: the kubelet records the exit, then decides what next. */
  /**
   * `killedByKubelet`: the kubelet stopped it (a failed startupProbe) and starts it again in the
   * same sync. Its back-off check (kuberuntime_manager.go doBackOff, v1.34.4) looks for an
   * *exited* earlier run of the container, which the first kill has none of: that restart is
   * immediate and does not advance the back-off ladder (seen on Kubernetes' own kubelet, test/kubelet).
   */
  exit(c: ContainerRuntime, exitCode: number, reason: string, signal?: number, killedByKubelet = false): void {
    if (c.phase !== 'running' || c.startedAt === undefined || c.containerID === undefined) return;
    const firstKill = killedByKubelet && c.current === undefined && c.last === undefined;
    c.generation++;
    c.phase = 'terminated';
    c.current = { exitCode, reason, startedAt: c.startedAt, finishedAt: this.ctx.clock.now(), containerID: c.containerID, ...(signal ? { signal } : {}) };
    c.started = false;
    c.serving = false;
    c.ready = !c.isNativeSidecar && c.list === 'initContainers' && exitCode === 0;
    this.markDirty();
    if (this.stopping) {
      c.isDone = true;
      return;
    }
    if (this.shouldRestart(c, exitCode)) {
      const gen = c.generation;
      if (firstKill) return this.later(0, () => c.generation === gen && !this.stopping && this.startContainer(c));
      return restartWithBackOff(this, c, () => this.startContainer(c), killedByKubelet);
    }
    c.isDone = true;
    if (c.list === 'initContainers' && exitCode === 0) return this.advance();
    if (c.list === 'containers') this.checkCompletion();
    else this.finishPod(() => undefined);
  }

  private admit(): void {
    const { clock, random } = this.ctx;
    this.admitted = true;
    this.view.startTime = clock.now();
    this.view.hostIP = this.ctx.nodeIP;
    for (const c of this.containers) c.waitingReason = this.defaultWaitingReason();
    this.markDirty();
    this.later(random.int(600, 1200), () => {
      this.view.sandboxReady = true;
      this.view.podIP = this.ctx.podIP;
      this.markDirty();
      this.advance();
    });
  }

  /** The kubelet's SyncPod step: start the next init container, or every main container. */
  advance(): void {
    if (this.stopping) return;
    for (const c of this.containers) {
      if (c.list !== 'initContainers') continue;
      if (c.generation === 0) return this.startContainer(c);
      if (c.isNativeSidecar ? !c.hasStarted : !(c.isDone && c.current?.exitCode === 0)) return;
    }
    if (this.mainsStarting) return;
    this.mainsStarting = true;
    this.startInOrder(this.containers.filter((c) => c.list === 'containers' && c.generation === 0));
  }

  /**
   * The kubelet's SyncPod starts the regular containers one after another, and each start pulls
   * its image first and waits for it (kuberuntime_manager.go SyncPod → startContainer →
   * EnsureImageExists, v1.34.4, whatever `serializeImagePulls` says): a container's pull begins
   * once the one declared before it has started.
   */
  private startInOrder(pending: readonly ContainerRuntime[]): void {
    const [first, ...rest] = pending;
    if (first) this.startContainer(first, () => this.startInOrder(rest));
  }

  private startContainer(c: ContainerRuntime, then?: () => void): void {
    const { random, imageIDs } = this.ctx;
    c.generation++;
    const gen = c.generation;
    c.waitingReason = this.defaultWaitingReason();
    this.markDirty();
    const pull = c.spec.imagePullPolicy === 'Always' || !imageIDs.has(c.spec.image);
    const pullMs = pull ? (c.behaviour.pullMs ?? random.int(800, 2500)) : 0;
    if (pull) this.event('Normal', 'Pulling', `Pulling image "${c.spec.image}"`, c);
    else this.event('Normal', 'Pulled', `Container image "${c.spec.image}" already present on machine`, c);
    this.later(pullMs, () => {
      if (c.generation !== gen || this.stopping) return;
      if (pull) {
        const seconds = (pullMs / 1000).toFixed(3);
        this.event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${c.spec.image}" in ${seconds}s (${seconds}s including waiting). Image size: ${random.int(2, 90) * 1_048_576 + random.int(0, 999)} bytes.`,
          c,
        );
        if (!imageIDs.has(c.spec.image)) imageIDs.set(c.spec.image, `${qualifiedImage(c.spec.image).split(':')[0]}@sha256:${random.hex(64)}`);
      }
      c.imagePulled = true;
      this.run(c);
      then?.();
    });
  }

  private run(c: ContainerRuntime): void {
    const now = this.ctx.clock.now();
    if (c.current) {
      c.last = c.current;
      c.current = undefined;
      c.restartCount++;
    }
    c.containerID = `containerd://${this.ctx.random.hex(64)}`;
    this.event('Normal', 'Created', `Created container: ${c.spec.name}`, c);
    this.event('Normal', 'Started', `Started container ${c.spec.name}`, c);
    c.phase = 'running';
    c.startedAt = now;
    c.waitingMessage = undefined;
    const gen = c.generation;
    const alive = (task: () => void) => () => {
      if (c.generation === gen && c.phase === 'running') task();
    };
    const b = c.behaviour;
    this.later(
      b.serveAfterMs ?? 0,
      alive(() => (c.serving = true)),
    );
    if (c.spec.startupProbe) runProbe(this, c, 'Startup', gen);
    else this.markStarted(c, gen);
    if (b.runMs !== undefined)
      this.later(
        b.runMs,
        alive(() => this.exit(c, b.exitCode ?? 0, (b.exitCode ?? 0) === 0 ? 'Completed' : 'Error')),
      );
    const needs = b.needs;
    if (needs)
      this.later(
        needs.afterMs,
        alive(() => {
          const peer = this.containers.find((p) => p.spec.name === needs.container);
          if (!peer?.serving) this.exit(c, 1, 'Error');
        }),
      );
    const oomMs = oomAfterMs(c);
    if (oomMs !== undefined)
      this.later(
        oomMs,
        alive(() => this.exit(c, 137, 'OOMKilled')),
      );
    this.markDirty();
  }

  /** The container counts as started (no startupProbe, or it passed); a native sidecar unblocks the next step. */
  markStarted(c: ContainerRuntime, gen: number): void {
    // A regular init container is started while it runs too (prober_manager.go isContainerStarted:
    // no startupProbe, so started once running); it is only not ready until it completes.
    c.started = true;
    c.hasStarted = true;
    if (c.spec.readinessProbe) runProbe(this, c, 'Readiness', gen);
    else c.ready = c.list === 'containers' || c.isNativeSidecar;
    this.markDirty();
    if (c.isNativeSidecar) this.advance();
  }

  /** What the kubelet reports for a container with no runtime status yet (kubelet_pods.go). */
  private defaultWaitingReason(): string {
    return (this.pod.spec.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  }

  runningForMs(c: ContainerRuntime): number {
    return c.startedAt === undefined ? 0 : this.ctx.clock.now() - c.startedAt;
  }

  private shouldRestart(c: ContainerRuntime, exitCode: number): boolean {
    if (c.isNativeSidecar) return !this.mainsDone();
    if (c.list === 'initContainers' && exitCode === 0) return false;
    const policy = this.pod.spec.restartPolicy;
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  private mainsDone(): boolean {
    return this.containers.every((c) => c.list !== 'containers' || c.isDone);
  }

  /** Every main container finished for good (a Job pod): stop the native sidecars, then the sandbox. */
  private checkCompletion(): void {
    if (!this.mainsDone()) return;
    stopContainers(this, Number.POSITIVE_INFINITY, () => this.finishPod(() => undefined), true);
  }

  finishPod(then: () => void): void {
    this.later(500, () => {
      this.view.sandboxGone = true;
      this.markDirty();
      then();
    });
  }

  private remove(): void {
    this.later(300, () => {
      this.ctx.writer.apply({ type: 'delete-pod', namespace: this.namespace, name: this.name, at: toRfc3339(this.ctx.clock.now()) });
      this.gone = true;
    });
  }
}
