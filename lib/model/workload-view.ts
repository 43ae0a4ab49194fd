/**
 * The workload page's payloads (`GET /api/workloads/{namespace}/{kind}/{name}` and
 * `GET /api/pods/{namespace}/{name}/logs`): every replica's startup aligned at pod start, the
 * distribution of container startup durations, findings grouped by id, probe advice with its
 * evidence, and the tail of a crashed run's log. Types and zod schemas side by side; the browser
 * parses the payloads with them (they are produced by our server, but a proxy or an old server
 * may answer something else).
 */
import { z } from 'zod';
import { findingIdSchema, laneSchema, severitySchema, type ContainerKind, type FindingId, type Lane, type Severity, type WorkloadRef } from './types';
import type { SeverityCounts } from './views';

/** One replica of the workload, its lanes on a time axis that starts at the pod's start. */
export interface ReplicaStartup {
  uid: string;
  name: string;
  node?: string;
  status: string;
  ready: string;
  restarts: number;
  deleted: boolean;
  /** Epoch ms every offset of this replica is measured from: `status.startTime`, else creation. */
  t0: number;
  /** Pod start → last main container running (waiting on init containers, sidecars, pulls). */
  startupTaxMs?: number;
  /** Pod start → every container ready (undefined while one is not). */
  readyAfterMs?: number;
  /** Far slower than the workload's median (see `isSlowReplica`). */
  isSlow: boolean;
  /** Lanes with only the markers that matter at this size (restarts, OOM kills, probe failures). */
  lanes: Lane[];
  findings: SeverityCounts;
}

/** Nearest-rank percentiles of a set of durations, in ms. */
export interface DurationStats {
  samples: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** Contiguous bins of equal width, from the first that holds a value to the last. */
  bins: { fromMs: number; toMs: number; count: number }[];
  /**
   * The coarsest resolution of the times the durations were read from (1000 when one end came
   * from a status field, to the second): durations below it are noise.
   */
  resolutionMs?: number;
}

/** One point of a container's startup over time: when the pod started, how long the container took. */
export interface DurationPoint {
  at: number;
  startedMs?: number;
  readyMs?: number;
}

/** Per container: container start (first run) → started, and → ready, across replicas. */
export interface ContainerStartupStats {
  container: string;
  kind: ContainerKind;
  toStarted: DurationStats;
  toReady: DurationStats;
  /** Oldest pod first, bounded: a rollout that made startup slower shows as a step. */
  points: DurationPoint[];
}

export interface FindingGroup {
  id: FindingId;
  /** The most severe instance. */
  severity: Severity;
  /** Pods with this finding. */
  pods: number;
  containers: string[];
  message: string;
  /** A few of the pods, most severe first. */
  examples: { namespace: string; name: string; container?: string }[];
}

export type ProbeAdviceKind = 'add-startup-probe' | 'raise-startup-probe' | 'readiness-before-serving' | 'make-native-sidecar';

export interface ProbeAdvice {
  kind: ProbeAdviceKind;
  container: string;
  /** One line: what to change. */
  title: string;
  /** Why, with the figures. */
  reason: string;
  evidence: { label: string; value: string }[];
  /** A container snippet to merge into the pod template. */
  yaml: string;
}

export interface WorkloadDetail {
  namespace: string;
  workload: WorkloadRef;
  /** Server clock when built. */
  at: number;
  /** Pods of the workload the dashboard knows (live and recently deleted). */
  pods: number;
  /** Pods whose startup was derived (the newest, at most a bound). */
  podsMeasured: number;
  /** The replicas sent, slowest startup first (at most a bound). */
  replicas: ReplicaStartup[];
  containers: ContainerStartupStats[];
  findings: FindingGroup[];
  advice: ProbeAdvice[];
  /** Percentiles of the startup tax over the measured pods. */
  startupTax: DurationStats;
  /** Whether the server reads previous runs' logs (`SIDECARSCOPE_LOGS_ENABLED`). */
  logsEnabled: boolean;
}

/** The tail of one container's previous run, or what to type when the server may not read logs. */
export type LogTail =
  | { enabled: true; namespace: string; pod: string; container: string; previous: true; lines: string[]; truncated: boolean; command: string }
  | { enabled: false; namespace: string; pod: string; container: string; previous: true; command: string; reason: string };

const stats = z.object({
  samples: z.number(),
  p50: z.number().optional(),
  p95: z.number().optional(),
  p99: z.number().optional(),
  max: z.number().optional(),
  resolutionMs: z.number().optional(),
  bins: z.array(z.object({ fromMs: z.number(), toMs: z.number(), count: z.number() })),
});

export const workloadDetailSchema = z.object({
  namespace: z.string(),
  workload: z.object({ kind: z.string(), name: z.string() }),
  at: z.number(),
  pods: z.number(),
  podsMeasured: z.number(),
  replicas: z.array(
    z.object({
      uid: z.string(),
      name: z.string(),
      node: z.string().optional(),
      status: z.string(),
      ready: z.string(),
      restarts: z.number(),
      deleted: z.boolean(),
      t0: z.number(),
      startupTaxMs: z.number().optional(),
      readyAfterMs: z.number().optional(),
      isSlow: z.boolean(),
      lanes: z.array(laneSchema),
      findings: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
    }),
  ),
  containers: z.array(
    z.object({
      container: z.string(),
      kind: z.enum(['init', 'native-sidecar', 'legacy-sidecar', 'main']),
      toStarted: stats,
      toReady: stats,
      points: z.array(z.object({ at: z.number(), startedMs: z.number().optional(), readyMs: z.number().optional() })),
    }),
  ),
  findings: z.array(
    z.object({
      id: findingIdSchema,
      severity: severitySchema,
      pods: z.number(),
      containers: z.array(z.string()),
      message: z.string(),
      examples: z.array(z.object({ namespace: z.string(), name: z.string(), container: z.string().optional() })),
    }),
  ),
  advice: z.array(
    z.object({
      kind: z.enum(['add-startup-probe', 'raise-startup-probe', 'readiness-before-serving', 'make-native-sidecar']),
      container: z.string(),
      title: z.string(),
      reason: z.string(),
      evidence: z.array(z.object({ label: z.string(), value: z.string() })),
      yaml: z.string(),
    }),
  ),
  startupTax: stats,
  logsEnabled: z.boolean(),
});

const logBase = { namespace: z.string(), pod: z.string(), container: z.string(), previous: z.literal(true), command: z.string() };

export const logTailSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(true), ...logBase, lines: z.array(z.string()), truncated: z.boolean() }),
  z.object({ enabled: z.literal(false), ...logBase, reason: z.string() }),
]);
