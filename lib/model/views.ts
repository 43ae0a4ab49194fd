/**
 * View models: what the server sends to the browser and the CLI prints. Computed on the server
 * from `PodDigest` and friends by `lib/model`; the browser never re-derives them.
 *
 * Each is a zod schema with its type inferred from it: the server builds values of these types,
 * the browser parses every response through the schemas (`lib/client/fetcher.ts`), so a field
 * the server adds but the schema lacks shows as a failing test (`lib/server/contract.test.ts`),
 * not as a field the browser silently drops. The index of endpoints is `lib/model/contract.ts`.
 */
import { z } from 'zod';
import {
  containerKindSchema,
  eventDigestSchema,
  findingIdSchema,
  findingSchema,
  podDigestSchema,
  podLifecycleSchema,
  severitySchema,
  sidecarSignalSchema,
  workloadRefSchema,
} from './types';

export const severityCountsSchema = z.record(severitySchema, z.number());
export type SeverityCounts = z.infer<typeof severityCountsSchema>;

/** One row of the pods list. Small on purpose: 100,000 of them may be sent. */
export const podRowSchema = z.object({
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  workload: workloadRefSchema,
  node: z.string().optional(),
  phase: z.string(),
  /** kubectl's STATUS column (`Init:0/1`, `PodInitializing`, `CrashLoopBackOff`, `Completed`, …). */
  status: z.string(),
  /** kubectl's READY column, e.g. `1/2` (native sidecars counted, as kubectl does). */
  ready: z.string(),
  restarts: z.number(),
  createdAt: z.number().optional(),
  deleted: z.boolean(),
  containers: z.array(z.object({ name: z.string(), kind: containerKindSchema, signal: sidecarSignalSchema.optional() })),
  findings: severityCountsSchema,
  /** Ids of the findings on this pod, for filtering. */
  findingIds: z.array(findingIdSchema),
});
export type PodRow = z.infer<typeof podRowSchema>;

const cpuAndMemorySchema = z.object({ cpuMilli: z.number(), memoryBytes: z.number() });

export const resourceTotalsSchema = z.object({
  requests: cpuAndMemorySchema,
  limits: cpuAndMemorySchema,
  /** Latest measured use; absent when no metrics. */
  usage: cpuAndMemorySchema.optional(),
});
export type ResourceTotals = z.infer<typeof resourceTotalsSchema>;

export const fleetShareSchema = z.object({
  sidecars: resourceTotalsSchema,
  mains: resourceTotalsSchema,
  /** Count of sidecar containers (native + legacy). */
  sidecarCount: z.number(),
  mainCount: z.number(),
});
export type FleetShare = z.infer<typeof fleetShareSchema>;

export const workloadSummarySchema = z.object({
  namespace: z.string(),
  workload: workloadRefSchema,
  pods: z.number(),
  fleet: fleetShareSchema,
  /** Time from pod start to the last main container running, waiting on sidecars: ms. */
  startupTaxMs: z.object({ p50: z.number(), p95: z.number(), samples: z.number() }).optional(),
  findings: severityCountsSchema,
});
export type WorkloadSummary = z.infer<typeof workloadSummarySchema>;

/** The server's connection to its cluster, as the live indicator shows it. */
export const streamStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting') }),
  /** `reason` when connected but degraded (e.g. the events grant is missing): "Live, limited". */
  z.object({ state: z.literal('connected'), since: z.number(), reason: z.string().optional() }),
  z.object({ state: z.literal('reconnecting'), since: z.number(), reason: z.string() }),
  z.object({ state: z.literal('stale'), since: z.number(), reason: z.string() }),
  z.object({ state: z.literal('forbidden'), since: z.number(), reason: z.string() }),
]);
export type StreamStatus = z.infer<typeof streamStatusSchema>;

/**
 * The state of the history store as the UI and API show it. `oldest` is the earliest moment the
 * store can answer for (the start of the time control's range).
 */
export const historyViewSchema = z.object({
  state: z.enum(['recording', 'paused', 'off']),
  reason: z.string().optional(),
  since: z.number().optional(),
  oldest: z.number().optional(),
});
export type HistoryView = z.infer<typeof historyViewSchema>;

export const clusterSummarySchema = z.object({
  /** When this summary was computed (server clock). */
  at: z.number(),
  status: streamStatusSchema,
  cluster: z.object({
    name: z.string(),
    mode: z.enum(['demo', 'kubeconfig', 'in-cluster']),
    version: z.string().optional(),
    nativeSidecars: z.boolean().optional(),
  }),
  metrics: z.object({ available: z.boolean(), reason: z.string().optional() }),
  pods: z.object({ total: z.number(), byPhase: z.record(z.string(), z.number()), namespaces: z.number() }),
  findings: z.object({ bySeverity: severityCountsSchema, byId: z.partialRecord(findingIdSchema, z.number()) }),
  fleet: fleetShareSchema,
  workloads: z.array(workloadSummarySchema),
  /** Sidecars crash-looping or OOM-killed right now. */
  troubled: z.array(findingSchema),
  /**
   * RBAC rules of the chart's ClusterRole the dashboard's identity lacks, one sentence each
   * (checked with SelfSubjectAccessReview). Absent when not checked or nothing is missing.
   */
  permissions: z.object({ missing: z.array(z.string()) }).optional(),
  /** The history store: recording, paused (and why, since when), or off. Absent without one. */
  history: historyViewSchema.optional(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

/**
 * The summary without its long lists (workloads, troubled sidecars): what every page's header,
 * time control and notices read. The stream carries this; the overview fetches the whole summary.
 */
export const summaryHeadSchema = clusterSummarySchema.omit({ workloads: true, troubled: true });
export type SummaryHead = z.infer<typeof summaryHeadSchema>;

const optionalCpuAndMemorySchema = z.object({ cpuMilli: z.number().optional(), memoryBytes: z.number().optional() });

export const containerMetricsSeriesSchema = z.object({
  container: z.string(),
  kind: containerKindSchema,
  requests: optionalCpuAndMemorySchema,
  limits: optionalCpuAndMemorySchema,
  points: z.array(z.object({ at: z.number(), cpuMilli: z.number(), memoryBytes: z.number() })),
});
export type ContainerMetricsSeries = z.infer<typeof containerMetricsSeriesSchema>;

export const podDetailSchema = z.object({
  digest: podDigestSchema,
  row: podRowSchema,
  lifecycle: podLifecycleSchema,
  findings: z.array(findingSchema),
  events: z.array(eventDigestSchema),
  metrics: z.array(containerMetricsSeriesSchema),
  /**
   * What the scheduler reserves for the pod: the larger of its init phase and its running phase,
   * native sidecars counted in both (KEP-753, `effectivePodRequests`).
   */
  effectiveRequests: cpuAndMemorySchema,
});
export type PodDetail = z.infer<typeof podDetailSchema>;

export const podPageSchema = z.object({
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  rows: z.array(podRowSchema),
});
export type PodPage = z.infer<typeof podPageSchema>;

/** Namespaces and workloads of live pods, sorted, for the filter controls. */
export const facetsSchema = z.object({
  namespaces: z.array(z.string()),
  workloads: z.array(z.object({ namespace: z.string(), kind: z.string(), name: z.string() })),
});
export type Facets = z.infer<typeof facetsSchema>;

/** One kubeconfig context, by name only. */
export const contextEntrySchema = z.object({
  name: z.string(),
  /** The name of the cluster entry the context points at (not its server URL). */
  cluster: z.string(),
  namespace: z.string().optional(),
});
export type ContextEntry = z.infer<typeof contextEntrySchema>;

/** The body of `GET /api/contexts` (and of a successful `POST`). */
export const contextListSchema = z.object({
  current: z.string(),
  contexts: z.array(contextEntrySchema),
  /** True only in kubeconfig mode: demo and in-cluster serve one fixed cluster. */
  switchable: z.boolean(),
});
export type ContextList = z.infer<typeof contextListSchema>;
