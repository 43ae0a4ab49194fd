/**
 * Container-level builders of raw Kubernetes objects: specs, probes, states, statuses and
 * conditions, with string timestamps as the API server sends them. Use through `./builders`.
 */ import type { RawCondition, RawContainer, RawContainerState, RawContainerStatus, RawProbe } from './raw-types';

/** Epoch ms of the builders' time zero: 2024-07-19T13:38:00Z (seed 002). */
export const T0 = Date.UTC(2024, 6, 19, 13, 38, 0);

/** The API's timestamp `seconds` after {@link T0}: `at(3)` → `2024-07-19T13:38:03Z`. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch ms `seconds` after {@link T0}, for assertions on digests. */
export function ms(seconds: number): number {
  return T0 + seconds * 1000;
}

export interface ContainerOptions {
  image?: string;
  restartPolicy?: string;
  requests?: { cpu?: string | number; memory?: string | number };
  limits?: { cpu?: string | number; memory?: string | number };
  startupProbe?: RawProbe;
  readinessProbe?: RawProbe;
  livenessProbe?: RawProbe;
  preStop?: boolean;
  ports?: number[];
}

/** A container of `spec.containers` (or a plain init container when put in `initContainers`). */
export function aContainer(name: string, options: ContainerOptions = {}): RawContainer {
  const container: RawContainer = { name, image: options.image ?? `example.com/${name}:1.0` };
  if (options.restartPolicy !== undefined) container.restartPolicy = options.restartPolicy;
  if (options.requests || options.limits) {
    container.resources = {
      ...(options.requests ? { requests: options.requests } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    };
  }
  if (options.startupProbe) container.startupProbe = options.startupProbe;
  if (options.readinessProbe) container.readinessProbe = options.readinessProbe;
  if (options.livenessProbe) container.livenessProbe = options.livenessProbe;
  if (options.preStop) container.lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } };
  if (options.ports) container.ports = options.ports.map((containerPort) => ({ containerPort, protocol: 'TCP' }));
  container.terminationMessagePath = '/dev/termination-log';
  container.imagePullPolicy = 'IfNotPresent';
  return container;
}

/** An `initContainers` entry with `restartPolicy: Always`: a native sidecar. */
export function aNativeSidecar(name: string, options: ContainerOptions = {}): RawContainer {
  return aContainer(name, { ...options, restartPolicy: 'Always' });
}

export interface ProbeOptions {
  handler?: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc';
  port?: number | string;
  path?: string;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}

/** A probe (httpGet on `/` by default) with the API's defaults filled in, as the server returns it. */
export function aProbe(options: ProbeOptions = {}): RawProbe {
  const handler = options.handler ?? 'httpGet';
  const port = options.port ?? 8080;
  const action: Record<string, unknown> =
    handler === 'httpGet' ? { path: options.path ?? '/', port, scheme: 'HTTP' } : handler === 'exec' ? { command: ['true'] } : { port };
  return {
    [handler]: action,
    initialDelaySeconds: options.initialDelaySeconds ?? 0,
    periodSeconds: options.periodSeconds ?? 10,
    failureThreshold: options.failureThreshold ?? 3,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
}

/** A container state with the `started`/`ready` flags that usually go with it. */
export interface StateBuild {
  state: RawContainerState;
  started: boolean;
  ready: boolean;
}

/** Running since `startedAt`; `started` defaults to true, `ready` to true. */
export function running(startedAt: string, flags: { started?: boolean; ready?: boolean } = {}): StateBuild {
  return { state: { running: { startedAt } }, started: flags.started ?? true, ready: flags.ready ?? true };
}

/** Waiting, e.g. `waiting('CrashLoopBackOff', 'back-off 20s restarting failed container=app …')`. */
export function waiting(reason: string, message?: string): StateBuild {
  return { state: { waiting: message === undefined ? { reason } : { reason, message } }, started: false, ready: false };
}

export interface TerminatedOptions {
  exitCode: number;
  reason: string;
  startedAt?: string | null;
  finishedAt?: string;
  message?: string;
  signal?: number;
}

/** Terminated; `started: false`, `ready: false` (override in `aStatus` for a completed init container). */
export function terminated(options: TerminatedOptions): StateBuild {
  const { exitCode, reason, startedAt, finishedAt, message, signal } = options;
  const state: Record<string, unknown> = { exitCode, reason };
  if (signal !== undefined) state.signal = signal;
  if (message !== undefined) state.message = message;
  if (startedAt !== undefined) state.startedAt = startedAt;
  if (finishedAt !== undefined) state.finishedAt = finishedAt;
  state.containerID = `containerd://${reason.toLowerCase()}${exitCode}`;
  return { state: { terminated: state }, started: false, ready: false };
}

export interface StatusOptions {
  started?: boolean;
  ready?: boolean;
  restartCount?: number;
  lastState?: StateBuild;
  image?: string;
}

/** A container status; flags default to the state's, `lastState` to `{}` as the kubelet sends it. */
export function aStatus(name: string, state: StateBuild, options: StatusOptions = {}): RawContainerStatus {
  return {
    name,
    state: state.state,
    lastState: options.lastState?.state ?? {},
    ready: options.ready ?? state.ready,
    started: options.started ?? state.started,
    restartCount: options.restartCount ?? 0,
    image: options.image ?? `example.com/${name}:1.0`,
    imageID: `example.com/${name}@sha256:0000`,
    containerID: `containerd://${name}`,
  };
}

/** A pod condition, e.g. `aCondition('Ready', 'False', at(3), 'ContainersNotReady')`. */
export function aCondition(type: string, status: 'True' | 'False' | 'Unknown', lastTransitionTime: string = at(0), reason?: string): RawCondition {
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(reason === undefined ? {} : { reason }) };
}

export interface ConditionTimes {
  /** PodScheduled, default `at(0)`. */
  scheduled?: string;
  /** PodReadyToStartContainers (sandbox ready); absent → False. */
  sandbox?: string;
  /** Initialized; absent → False, ContainersNotInitialized. */
  initialized?: string;
  /** Ready and ContainersReady; absent → False, ContainersNotReady. */
  ready?: string;
}

/** The five conditions a 1.29+ kubelet writes, True at the given times and False (with its reason) when a time is absent. */
export function podConditions(times: ConditionTimes = {}): RawCondition[] {
  const since = times.scheduled ?? at(0);
  const flag = (type: string, when: string | undefined, reason: string) =>
    when === undefined ? aCondition(type, 'False', since, reason) : aCondition(type, 'True', when);
  return [
    flag('PodReadyToStartContainers', times.sandbox, 'PodSandboxNotReady'),
    flag('Initialized', times.initialized, 'ContainersNotInitialized'),
    flag('Ready', times.ready, 'ContainersNotReady'),
    flag('ContainersReady', times.ready, 'ContainersNotReady'),
    aCondition('PodScheduled', 'True', since),
  ];
}
