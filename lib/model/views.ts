/**
 * View models: what the server sends to the browser and the CLI prints. Computed on the server
 * from {@link PodDigest} and friends by `lib/model`; the browser never re-derives them.
 */
import type {
  ContainerKind,
  EventDigest,
  Finding,
  FindingId,
  MetricsSample,
  PodDigest,
  PodLifecycle,
  Severity,
  SidecarSignal,
  WorkloadRef,
} from './types';

export type SeverityCounts = Record<Severity, number>;

/** One row of the pods list. Small on purpose: 100,000 of them may be sent. */
export interface PodRow {
  uid: string;
  namespace: string;
  name: string;
  workload: WorkloadRef;
  node?: string;
  phase: string;
  /** kubectl's STATUS column (`Init:0/1`, `PodInitializing`, `CrashLoopBackOff`, `Completed`, …). */
  status: string;
  /** kubectl's READY column, e.g. `1/2` (native sidecars counted, as kubectl does). */
  ready: string;
  restarts: number;
  createdAt?: number;
  deleted: boolean;
  containers: { name: string; kind: ContainerKind; signal?: SidecarSignal }[];
  findings: SeverityCounts;
  /** Ids of the findings on this pod, for filtering. */
  findingIds: FindingId[];
}

export interface ResourceTotals {
  requests: { cpuMilli: number; memoryBytes: number };
  limits: { cpuMilli: number; memoryBytes: number };
  /** Latest measured use; absent when no metrics. */
  usage?: { cpuMilli: number; memoryBytes: number };
}

export interface FleetShare {
  sidecars: ResourceTotals;
  mains: ResourceTotals;
  /** Count of sidecar containers (native + legacy). */
  sidecarCount: number;
  mainCount: number;
}

export interface WorkloadSummary {
  namespace: string;
  workload: WorkloadRef;
  pods: number;
  fleet: FleetShare;
  /** Time from pod start to the last main container running, waiting on sidecars: ms. */
  startupTaxMs?: { p50: number; p95: number; samples: number };
  findings: SeverityCounts;
}

export type StreamStatus =
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  /** Connected but degraded: `reason` says what is missing (e.g. the events grant). */
  | { state: 'connected'; since: number; reason: string }
  | { state: 'reconnecting'; since: number; reason: string }
  | { state: 'stale'; since: number; reason: string }
  | { state: 'forbidden'; since: number; reason: string };

export interface ClusterSummary {
  /** When this summary was computed (server clock). */
  at: number;
  status: StreamStatus;
  cluster: { name: string; mode: 'demo' | 'kubeconfig' | 'in-cluster'; version?: string; nativeSidecars?: boolean };
  metrics: { available: boolean; reason?: string };
  pods: { total: number; byPhase: Record<string, number>; namespaces: number };
  findings: { bySeverity: SeverityCounts; byId: Partial<Record<FindingId, number>> };
  fleet: FleetShare;
  workloads: WorkloadSummary[];
  /** Sidecars crash-looping or OOM-killed right now. */
  troubled: Finding[];
  /**
   * RBAC rules of the chart's ClusterRole the dashboard's identity lacks, one sentence each
   * (checked with SelfSubjectAccessReview). Absent when not checked or nothing is missing.
   */
  permissions?: { missing: string[] };
  /** The history store: recording, paused (and why, since when), or off. Absent without one. */
  history?: HistoryView;
}

/**
 * The state of the history store as the UI and API show it. `oldest` is the earliest moment the
 * store can answer for (the start of the time control's range).
 */
export interface HistoryView {
  state: 'recording' | 'paused' | 'off';
  reason?: string;
  since?: number;
  oldest?: number;
}

export interface ContainerMetricsSeries {
  container: string;
  kind: ContainerKind;
  requests: { cpuMilli?: number; memoryBytes?: number };
  limits: { cpuMilli?: number; memoryBytes?: number };
  points: { at: number; cpuMilli: number; memoryBytes: number }[];
}

export interface PodDetail {
  digest: PodDigest;
  row: PodRow;
  lifecycle: PodLifecycle;
  findings: Finding[];
  events: EventDigest[];
  metrics: ContainerMetricsSeries[];
  /** Raw samples are not sent; kept for the CLI. */
  samples?: MetricsSample[];
}

export interface PodPage {
  total: number;
  offset: number;
  limit: number;
  rows: PodRow[];
}
