/**
 * How a simulated container's process behaves: what the spec cannot say (how long it takes to
 * serve, when it exits, how its memory grows, how long it drains on SIGTERM). The kubelet engine
 * turns spec + behaviour into the status objects and events a real kubelet would publish.
 */
import type { ContainerSpec } from '../kube-types';
import type { LogScript } from './container-logs';

export interface Behaviour {
  /** Image pull time on the first start (later starts find the image present). */
  pullMs?: number;
  /** After start, the process answers probes from this moment on. */
  serveAfterMs?: number;
  /** The process exits on its own this long after each start (absent: runs until stopped). */
  runMs?: number;
  /** Exit code when `runMs` elapses (default 0). */
  exitCode?: number;
  /** Calls another container shortly after start and exits 1 if it is not serving yet. */
  needs?: { container: string; afterMs: number };
  /** Working-set memory: `baseMi` at start, growing linearly; OOM-killed at the memory limit. */
  memory?: { baseMi: number; growMiPerMin?: number };
  cpuMilli?: number;
  /** Share of CFS periods the kernel throttles (cAdvisor `container_cpu_cfs_*`; only with a CPU limit). */
  throttledShare?: number;
  /** A child process is OOM-killed this often after each start; the container keeps running (`container_oom_events_total`). */
  childOomEveryMs?: number;
  /** After SIGTERM the process exits 143 after this long; beyond the grace period it is SIGKILLed (137). */
  drainMs?: number;
  /** What each run writes to its log (rendered on demand); a few generic lines without it. */
  logs?: LogScript;
}

export type ContainerPhase = 'waiting' | 'running' | 'terminated';

export interface Termination {
  exitCode: number;
  reason: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** The kubelet's view of one container. */
export interface ContainerRuntime {
  spec: ContainerSpec;
  behaviour: Behaviour;
  list: 'initContainers' | 'containers';
  isNativeSidecar: boolean;
  phase: ContainerPhase;
  waitingReason: string;
  waitingMessage?: string;
  startedAt?: number;
  current?: Termination;
  last?: Termination;
  started: boolean;
  /** Was started at least once: a native sidecar that restarts later does not block init again. */
  hasStarted: boolean;
  ready: boolean;
  /** The process answers probes (set by the behaviour's clock). */
  serving: boolean;
  restartCount: number;
  /** Bumped on every start and stop so stale timers do nothing. */
  generation: number;
  containerID?: string;
  imagePulled: boolean;
  backoffMs: number;
  /** Will not run again: completed init container, finished Job container, stopped at shutdown. */
  isDone: boolean;
}

export function newRuntime(spec: ContainerSpec, list: ContainerRuntime['list'], behaviour: Behaviour | undefined): ContainerRuntime {
  return {
    spec,
    behaviour: behaviour ?? {},
    list,
    isNativeSidecar: list === 'initContainers' && spec.restartPolicy === 'Always',
    phase: 'waiting',
    waitingReason: 'PodInitializing',
    started: false,
    hasStarted: false,
    ready: false,
    serving: false,
    restartCount: 0,
    generation: 0,
    imagePulled: false,
    backoffMs: 0,
    isDone: false,
  };
}
