/**
 * The shape of a seed scenario and small helpers to write one: timed snapshots of a raw pod,
 * raw kubelet events and raw PodMetrics, all with API-style string times.
 */
import type { PodTemplate } from '../../../sim/scenarios/kit';
import type { FindingId, Severity } from '../../types';
import { at, ms } from '../container-builders';
import { aPod, type PodOptions } from '../pod-builder';
import type { RawContainer } from '../raw-types';

/**
 * One watch snapshot: the raw pod as the API sent it, and when a watcher saw it (epoch ms). The
 * pod is read as untrusted JSON (`toPodDigest`), whether built here or recorded in the simulator.
 */
export interface ScenarioSnapshot {
  observedAt: number;
  pod: object;
}

/** A finding a scenario must raise; when `containers` is given, exactly those containers carry it. */
export interface ExpectedFinding {
  id: FindingId;
  severity?: Severity;
  containers?: string[];
}

export interface ScenarioExpectations {
  raises: ExpectedFinding[];
  mustNotRaise: FindingId[];
  /** No finding at all may be critical. */
  noCritical?: boolean;
  startupOrder: string[];
  shutdownOrder?: string[];
  /** kubectl's STATUS column on the last snapshot. */
  status?: string;
}

/**
 * A scenario from the seeds, as data: the simulated cluster replays it by name, tests fold its
 * snapshots through `observePod` and check the expectations.
 */
export interface SeedScenario {
  name: string;
  /** Which seed file it comes from (`002`), or `derived` for scenarios the design asks for. */
  seed: string;
  description: string;
  snapshots: ScenarioSnapshot[];
  /** Raw core/v1 Events about the pod. */
  events?: unknown[];
  /** Raw metrics.k8s.io PodMetrics, oldest first. */
  metrics?: unknown[];
  cluster?: { serverVersion: { major: number; minor: number } };
  /** Epoch ms at which the scenario is judged. */
  now: number;
  expect: ScenarioExpectations;
}

/**
 * The pod of a simulated cluster's scenario (its spec, labels and annotations) as builder options:
 * a capture of the same scenario declares only what was observed (statuses, times), so the pod is
 * declared once for the simulated cluster and the model's tests.
 */
export function fromTemplate(template: PodTemplate): PodOptions {
  const raw = (containers: PodTemplate['containers']): RawContainer[] =>
    containers.map(({ startupProbe, readinessProbe, livenessProbe, ...rest }) => ({
      ...rest,
      ...(startupProbe ? { startupProbe: { ...startupProbe } } : {}),
      ...(readinessProbe ? { readinessProbe: { ...readinessProbe } } : {}),
      ...(livenessProbe ? { livenessProbe: { ...livenessProbe } } : {}),
    }));
  return {
    containers: raw(template.containers),
    ...(template.initContainers ? { initContainers: raw(template.initContainers) } : {}),
    ...(template.restartPolicy ? { restartPolicy: template.restartPolicy } : {}),
    ...(template.terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds: template.terminationGracePeriodSeconds }),
    ...(template.labels ? { labels: template.labels } : {}),
    ...(template.annotations ? { annotations: template.annotations } : {}),
  };
}

/** A snapshot `seconds` (+ `offsetMs`) after T0 of the pod `options` describe. */
export function snapshot(seconds: number, offsetMs: number, options: PodOptions): ScenarioSnapshot {
  return { observedAt: ms(seconds) + offsetMs, pod: aPod(options) };
}

export interface EventOptions {
  pod: string;
  namespace?: string;
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  /** `spec.containers{name}` or `spec.initContainers{name}`. */
  fieldPath?: string;
  first: number;
  last?: number;
  count?: number;
}

/** A core/v1 Event as the kubelet writes it (`firstTimestamp`, `lastTimestamp`, `count`). */
export function rawEvent(options: EventOptions): Record<string, unknown> {
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${options.pod}.${options.reason.toLowerCase()}${options.first}`, namespace },
    involvedObject: {
      kind: 'Pod',
      name: options.pod,
      namespace,
      uid: `uid-${namespace}-${options.pod}`,
      ...(options.fieldPath ? { fieldPath: options.fieldPath } : {}),
    },
    reason: options.reason,
    message: options.message,
    type: options.type ?? 'Warning',
    firstTimestamp: at(options.first),
    lastTimestamp: at(options.last ?? options.first),
    count: options.count ?? 1,
    source: { component: 'kubelet', host: 'node-1' },
  };
}

/** A metrics.k8s.io PodMetrics: `usage` per container as millicores and MiB. */
export function rawPodMetrics(
  pod: string,
  seconds: number,
  usage: Record<string, { cpuMilli: number; memoryMi: number }>,
  namespace = 'default',
): Record<string, unknown> {
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name: pod, namespace },
    timestamp: at(seconds),
    window: '15s',
    containers: Object.entries(usage).map(([name, figures]) => ({
      name,
      usage: { cpu: `${figures.cpuMilli * 1_000_000}n`, memory: `${figures.memoryMi * 1024}Ki` },
    })),
  };
}

/** PodMetrics every `stepSeconds` from `fromSeconds`, memory growing linearly from `fromMi` to `toMi`. */
export function climbingMetrics(
  pod: string,
  window: { fromSeconds: number; stepSeconds: number; count: number },
  climbing: { container: string; fromMi: number; toMi: number; cpuMilli: number },
  steady: Record<string, { cpuMilli: number; memoryMi: number }>,
): Record<string, unknown>[] {
  return Array.from({ length: window.count }, (_, index) => {
    const share = window.count > 1 ? index / (window.count - 1) : 1;
    const memoryMi = Math.round(climbing.fromMi + (climbing.toMi - climbing.fromMi) * share);
    return rawPodMetrics(pod, window.fromSeconds + index * window.stepSeconds, { ...steady, [climbing.container]: { cpuMilli: climbing.cpuMilli, memoryMi } });
  });
}
