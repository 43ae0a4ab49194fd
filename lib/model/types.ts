/**
 * The project's own types for pods, containers, lifecycles and findings.
 *
 * Everything downstream of `lib/k8s` speaks these types: raw Kubernetes objects are turned into a
 * {@link PodDigest} once, at the door (`toPodDigest`), and never travel further. Times are epoch
 * milliseconds; every time that can come from two places carries a {@link Stamp} saying which.
 *
 * What travels to the browser (inside the payloads of lib/model/views.ts) is declared as zod
 * schemas, with the types inferred from them, so the server builds and the browser parses through
 * one declaration; what stays on the server (observations, analysis input) is plain TypeScript.
 */
import { z } from 'zod';

/** How a container takes part in the pod's lifecycle. */
export const containerKindSchema = z.enum(['init', 'native-sidecar', 'legacy-sidecar', 'main']);
export type ContainerKind = z.infer<typeof containerKindSchema>;

/**
 * Why a container was classified as a sidecar.
 * - `native`: `initContainers[]` entry with `restartPolicy: Always` (KEP-753).
 * - `name` / `image`: a well-known sidecar name or image (istio-proxy, envoy, fluent-bit, …).
 * - `annotation`: an injection annotation names it (`sidecar.istio.io/status`, …).
 * - `default-container`: `kubectl.kubernetes.io/default-container` names another container as main.
 * - `override`: our own `sidecarscope.io/sidecars: "a,b"` annotation.
 */
export const sidecarSignalSchema = z.enum(['native', 'name', 'image', 'annotation', 'default-container', 'override']);
export type SidecarSignal = z.infer<typeof sidecarSignalSchema>;

/**
 * Where a time came from. `reported` times are read from status fields (`startedAt`,
 * `lastTransitionTime`, …): one-second resolution, node clock. `observed` times are when a live
 * watcher saw a change: millisecond resolution, dashboard clock, only as good as the watch latency.
 */
export const timeSourceSchema = z.enum(['reported', 'observed']);
export type TimeSource = z.infer<typeof timeSourceSchema>;

export const stampSchema = z.object({
  /** Epoch milliseconds. */
  at: z.number(),
  source: timeSourceSchema,
  /** Resolution in ms: 1000 for reported, 1 for observed. */
  resolutionMs: z.number(),
});
export type Stamp = z.infer<typeof stampSchema>;

export const resourceFiguresSchema = z.object({
  /** CPU in millicores. */
  cpuMilli: z.number().optional(),
  /** Memory in bytes. */
  memoryBytes: z.number().optional(),
});
export type ResourceFigures = z.infer<typeof resourceFiguresSchema>;

export const containerResourcesSchema = z.object({ requests: resourceFiguresSchema, limits: resourceFiguresSchema });
export type ContainerResources = z.infer<typeof containerResourcesSchema>;

export const probeHandlerSchema = z.enum(['httpGet', 'tcpSocket', 'exec', 'grpc', 'unknown']);
export type ProbeHandler = z.infer<typeof probeHandlerSchema>;

export const probeDigestSchema = z.object({
  handler: probeHandlerSchema,
  initialDelaySeconds: z.number(),
  periodSeconds: z.number(),
  failureThreshold: z.number(),
  /** Port number or name, when the handler has one. */
  port: z.union([z.number(), z.string()]).optional(),
  /** `httpGet.path`, so a fix can reuse the sidecar's own probe. */
  path: z.string().optional(),
  /** `httpGet.scheme` when not the default `HTTP`. */
  scheme: z.string().optional(),
  timeoutSeconds: z.number().optional(),
});
export type ProbeDigest = z.infer<typeof probeDigestSchema>;

export const containerSpecDigestSchema = z.object({
  name: z.string(),
  image: z.string(),
  kind: containerKindSchema,
  /** Set for sidecars only. */
  signal: sidecarSignalSchema.optional(),
  /** Which list it was declared in. */
  list: z.enum(['initContainers', 'containers']),
  /** Position within its list (declaration order). */
  index: z.number(),
  /** `restartPolicy` as declared on the container (only `Always` on an init container is a native sidecar). */
  restartPolicy: z.string().optional(),
  startupProbe: probeDigestSchema.optional(),
  readinessProbe: probeDigestSchema.optional(),
  livenessProbe: probeDigestSchema.optional(),
  hasPreStop: z.boolean(),
  resources: containerResourcesSchema,
  ports: z.array(z.number()),
});
export type ContainerSpecDigest = z.infer<typeof containerSpecDigestSchema>;

export const containerStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('waiting'), reason: z.string().optional(), message: z.string().optional() }),
  z.object({ state: z.literal('running'), startedAt: z.number().optional() }),
  z.object({
    state: z.literal('terminated'),
    reason: z.string().optional(),
    message: z.string().optional(),
    exitCode: z.number().optional(),
    signal: z.number().optional(),
    startedAt: z.number().optional(),
    finishedAt: z.number().optional(),
  }),
  z.object({ state: z.literal('unknown') }),
]);
export type ContainerState = z.infer<typeof containerStateSchema>;

export const containerStatusDigestSchema = z.object({
  name: z.string(),
  ready: z.boolean(),
  /** `undefined` when the kubelet did not report it (old kubelets, partial objects). */
  started: z.boolean().optional(),
  restartCount: z.number(),
  state: containerStateSchema,
  lastState: containerStateSchema.optional(),
  image: z.string().optional(),
  /** `imageID`: the digest the node runs (`docker.io/fluent/fluent-bit@sha256:…`), for pinning. */
  imageID: z.string().optional(),
  containerID: z.string().optional(),
});
export type ContainerStatusDigest = z.infer<typeof containerStatusDigestSchema>;

export const podConditionDigestSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  lastTransitionTime: z.number().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type PodConditionDigest = z.infer<typeof podConditionDigestSchema>;

export const workloadRefSchema = z.object({
  /** Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Node, … or `Pod` for bare pods. */
  kind: z.string(),
  name: z.string(),
});
export type WorkloadRef = z.infer<typeof workloadRefSchema>;

export const podRestartPolicySchema = z.enum(['Always', 'OnFailure', 'Never']);
export type PodRestartPolicy = z.infer<typeof podRestartPolicySchema>;

/**
 * A compact, trimmed view of one Pod. Holds only what the dashboard shows or reasons about: no
 * managedFields, no env values, no volumes' contents, only the annotations in
 * `RELEVANT_ANNOTATIONS`.
 */
export const podDigestSchema = z.object({
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  resourceVersion: z.string().optional(),
  nodeName: z.string().optional(),
  phase: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  qosClass: z.string().optional(),
  /** The owner as declared (`ReplicaSet`, `Job`, …). */
  owner: workloadRefSchema.optional(),
  /** The workload a person thinks of: ReplicaSet → Deployment, Job → CronJob when named so, else owner or the pod. */
  workload: workloadRefSchema,
  labels: z.record(z.string(), z.string()),
  /** Only annotations that carry meaning for sidecar detection. */
  annotations: z.record(z.string(), z.string()),
  createdAt: z.number().optional(),
  startTime: z.number().optional(),
  deletedAt: z.number().optional(),
  deletionGracePeriodSeconds: z.number().optional(),
  terminationGracePeriodSeconds: z.number(),
  restartPolicy: podRestartPolicySchema,
  /** Init containers first, then regular containers, each in declaration order. */
  containers: z.array(containerSpecDigestSchema),
  /** Keyed by container name; init and regular statuses together. */
  statuses: z.record(z.string(), containerStatusDigestSchema),
  conditions: z.array(podConditionDigestSchema),
  /** Problems met while normalising (a malformed field, a missing name): shown, never thrown. */
  problems: z.array(z.string()),
});
export type PodDigest = z.infer<typeof podDigestSchema>;

/** An event about a pod, from core/v1 or events.k8s.io/v1, reduced to what the UI shows. */
export const eventDigestSchema = z.object({
  uid: z.string().optional(),
  namespace: z.string(),
  podName: z.string(),
  podUid: z.string().optional(),
  /** `Normal`, `Warning`, or whatever else a controller wrote. */
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  /** The container named by `involvedObject.fieldPath` / `regarding.fieldPath`, if any. */
  container: z.string().optional(),
  fieldPath: z.string().optional(),
  firstAt: z.number().optional(),
  lastAt: z.number().optional(),
  count: z.number(),
  /** `kubelet`, `default-scheduler`, … */
  source: z.string().optional(),
});
export type EventDigest = z.infer<typeof eventDigestSchema>;

/** One PodMetrics sample (metrics.k8s.io), per container. Stays on the server. */
export interface MetricsSample {
  /** Epoch ms of the sample's `timestamp`. */
  at: number;
  windowSeconds?: number;
  containers: Record<string, { cpuMilli: number; memoryBytes: number }>;
}

export type ObservedTransitionKind =
  | 'created'
  | 'scheduled'
  | 'running'
  | 'started'
  | 'unstarted'
  | 'ready'
  | 'unready'
  | 'waiting'
  | 'terminated'
  | 'restarted'
  | 'phase'
  | 'condition'
  | 'deleting'
  | 'deleted';

/** A change a watcher saw between two snapshots of the same pod. */
export interface ObservedTransition {
  kind: ObservedTransitionKind;
  /** Epoch ms when observed (dashboard clock). */
  at: number;
  container?: string;
  /** Reason, exit code, condition type/status or phase, as text. */
  detail?: string;
  /**
   * True when no observation time was available (offline analysis of a watch stream): `at` then
   * holds the best reported time known and only the order of transitions is reliable.
   */
  untimed?: boolean;
  /** For untimed transitions: the number of the snapshot that revealed it (1 = first seen), so order across snapshots survives. */
  snapshot?: number;
}

/** A termination of one container, kept beyond what `lastState` remembers. */
export interface TerminationRecord {
  container: string;
  /** The restartCount after which this termination happened (0 = first run). */
  attempt: number;
  reason?: string;
  exitCode?: number;
  startedAt?: number;
  finishedAt?: number;
  /** When the watcher first saw it; absent when read from a single snapshot. */
  observedAt?: number;
}

/**
 * What a watcher has learnt about one pod over time: transitions that status does not timestamp
 * (started/ready flips, restarts) and every termination it saw. Built by `observePod`, bounded.
 */
export interface PodObservations {
  transitions: ObservedTransition[];
  terminations: TerminationRecord[];
  /** Epoch ms of the first and last snapshot observed. */
  firstSeenAt?: number;
  lastSeenAt?: number;
  /** How many snapshots have been folded in. */
  snapshots?: number;
  /**
   * The first deletion request seen: `metadata.deletionTimestamp` (the deadline, epoch ms) and
   * `deletionGracePeriodSeconds`. Kept because the kubelet's final grace-0 delete makes the API
   * server rewrite both (to now and 0) before the object is DELETED.
   */
  firstDeletion?: DeletionRequest;
}

/** A pod's deletion as the API server recorded it. */
export interface DeletionRequest {
  /** `metadata.deletionTimestamp`: request time + grace period (epoch ms). */
  deadline: number;
  gracePeriodSeconds: number;
}

/**
 * `running`: process running, not yet `started` (startupProbe pending); `unobserved`: running, but
 * whether and when it became `started`/`ready` was not observed (the run began before the watch
 * did and status never timestamps those flips); `started`: started, not `ready`.
 */
export const segmentStateSchema = z.enum(['waiting', 'running', 'unobserved', 'started', 'ready', 'backoff', 'terminated']);
export type SegmentState = z.infer<typeof segmentStateSchema>;

export const segmentSchema = z.object({
  state: segmentStateSchema,
  from: stampSchema,
  /** Absent while ongoing. */
  to: stampSchema.optional(),
  reason: z.string().optional(),
  exitCode: z.number().optional(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const markerKindSchema = z.enum([
  'created',
  'started',
  'ready',
  'restart',
  'oom-killed',
  /** An OOM kill inside the container's cgroup read from Prometheus (`container_oom_events_total`), e.g. a child process. */
  'oom-event',
  'probe-failed',
  'killing',
  'back-off',
  'terminated',
  'condition',
  'scheduled',
  'deleted',
  'event',
]);
export type MarkerKind = z.infer<typeof markerKindSchema>;

export const markerSchema = z.object({ kind: markerKindSchema, at: stampSchema, label: z.string(), detail: z.string().optional() });
export type Marker = z.infer<typeof markerSchema>;

export const laneSchema = z.object({
  container: z.string(),
  kind: containerKindSchema,
  signal: sidecarSignalSchema.optional(),
  image: z.string(),
  segments: z.array(segmentSchema),
  markers: z.array(markerSchema),
  restartCount: z.number(),
  /** First time the container was seen running, and started (started=true). */
  firstRunningAt: stampSchema.optional(),
  startedAt: stampSchema.optional(),
  readyAt: stampSchema.optional(),
});
export type Lane = z.infer<typeof laneSchema>;

export const shutdownStepSchema = z.object({
  container: z.string(),
  kind: containerKindSchema,
  finishedAt: stampSchema.optional(),
  exitCode: z.number().optional(),
  reason: z.string().optional(),
  /** True when it finished in the same reported second as the step before: their order is declaration order, not measured. */
  tiedWithPrevious: z.boolean().optional(),
});
export type ShutdownStep = z.infer<typeof shutdownStepSchema>;

/**
 * A period when nothing watched the cluster (the dashboard was down, its watch was cut or stale,
 * or history writes were paused). A lifecycle never extends a state across one: segments are cut
 * at its edges and the gap is drawn instead.
 */
export const watchGapSchema = z.object({
  from: z.number(),
  to: z.number(),
  reason: z.enum(['process-down', 'watch-cut', 'stale', 'history-paused']),
});
export type WatchGap = z.infer<typeof watchGapSchema>;

export const podLifecycleSchema = z.object({
  uid: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** One lane per container: init containers then regular ones, declaration order. */
  lanes: z.array(laneSchema),
  /** Pod-level markers: scheduled, conditions, deletion. */
  markers: z.array(markerSchema),
  /** Earliest and latest time on the timeline. */
  from: z.number().optional(),
  to: z.number().optional(),
  /** Containers in the order they started running (earliest first). */
  startupOrder: z.array(z.string()),
  /** Present once the pod is terminating or terminated: containers in the order they stopped. */
  shutdownOrder: z.array(shutdownStepSchema).optional(),
  /** Periods within the pod's life when nothing watched it; present only when there were any. */
  gaps: z.array(watchGapSchema).optional(),
});
export type PodLifecycle = z.infer<typeof podLifecycleSchema>;

/** Most severe first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** 0 for the most severe (`critical`), growing as severity falls: sort ascending for most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Every finding id the model emits; `FINDING_CATALOGUE` describes each. Ids are stable. */
export const FINDING_IDS = [
  'startup-race',
  'sidecar-no-startup-probe',
  'sidecar-crashloop',
  'sidecar-oomkilled',
  'sidecar-startup-blocked',
  'sidecar-not-ready',
  'job-blocked-by-sidecar',
  'init-never-completes',
  'legacy-sidecar',
  'sidecar-no-resources',
  'sidecar-over-request',
  'sidecar-near-memory-limit',
  'sidecar-stopped-before-app',
  'grace-period-exceeded',
  'unpinned-sidecar-image',
  'sidecar-dropped-restart-policy',
  'container-crashloop',
  'container-oomkilled',
  'sidecar-cpu-throttled',
  'sidecar-oom-no-restart',
] as const;
export const findingIdSchema = z.enum(FINDING_IDS);
export type FindingId = z.infer<typeof findingIdSchema>;

export const evidenceSchema = z.object({ label: z.string(), value: z.string(), at: stampSchema.optional() });
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Where a value in a fix came from: `pod` (read from this pod's spec or annotations), `observed`
 * (metrics, OOM kills), `injector` (the injector's documented default, when the pod lacks it),
 * `suggested` (our advice, e.g. a margin over the observed peak), `placeholder` (nothing to go
 * on: the user must fill it in).
 */
export const fixValueOriginSchema = z.enum(['pod', 'observed', 'injector', 'suggested', 'placeholder']);
export type FixValueOrigin = z.infer<typeof fixValueOriginSchema>;

export const fixValueSchema = z.object({
  /** What it is, e.g. `startupProbe.httpGet.port` or `sidecar.istio.io/proxyMemoryLimit`. */
  name: z.string(),
  value: z.string(),
  origin: fixValueOriginSchema,
  /** How it was derived, e.g. "readinessProbe of istio-proxy" or "peak 240Mi + 25%". */
  basis: z.string().optional(),
});
export type FixValue = z.infer<typeof fixValueSchema>;

export const findingSchema = z.object({
  id: findingIdSchema,
  severity: severitySchema,
  namespace: z.string(),
  pod: z.string(),
  podUid: z.string(),
  container: z.string().optional(),
  /** One line, e.g. "istio-proxy is crash-looping (5 restarts)". */
  message: z.string(),
  /** One paragraph in plain language: what happens and why it matters. */
  explanation: z.string(),
  evidence: z.array(evidenceSchema),
  /** What to do; may contain fenced YAML snippets, the one that applies first. */
  fix: z.string(),
  /**
   * The values the fix's snippets carry and where each came from, so the UI can tell the pod's
   * own values from suggestions. Absent when the fix carries no values.
   */
  fixValues: z.array(fixValueSchema).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** What the server knows about the cluster that changes what is advisable. */
export interface ClusterFacts {
  /** e.g. { major: 1, minor: 30 }; absent when unknown. */
  serverVersion?: { major: number; minor: number };
}

/** Everything the rules may look at for one pod. */
export interface PodAnalysisInput {
  pod: PodDigest;
  observations?: PodObservations;
  events?: EventDigest[];
  metrics?: MetricsSample[];
  cluster?: ClusterFacts;
  /** Epoch ms to judge "now" by (no Date.now() in lib/model). */
  now: number;
  /**
   * The lifecycle of exactly this pod, observations, events and `now`, when the caller has already
   * derived it (the hub needs it for the startup tax too); derived from the fields above otherwise.
   */
  lifecycle?: PodLifecycle;
  /** What Prometheus said about this pod's containers over a recent window (absent without Prometheus). */
  prometheus?: PrometheusSignals;
  /** Overrides of the thresholds of the Prometheus-fed rules (defaults in `findings/prometheus`). */
  thresholds?: Partial<FindingThresholds>;
}

/** cAdvisor and kube-state-metrics figures for one container over `PrometheusSignals.windowSeconds`. */
export interface ContainerPrometheusSignals {
  /** Share of CFS periods throttled (0–1); absent when cAdvisor has no CFS series (no CPU limit, or unavailable — never "zero"). */
  throttledShare?: number;
  /** CFS periods counted in the window. */
  cfsPeriods?: number;
  /** Increase of `container_oom_events_total`: OOM kills inside the container's cgroup. */
  oomEvents?: number;
  /** Increase of `kube_pod_{,init_}container_status_restarts_total`, when kube-state-metrics is scraped. */
  restarts?: number;
}

/** One pod's Prometheus figures, keyed by container name. */
export interface PrometheusSignals {
  /** Epoch ms the figures were read at. */
  at: number;
  windowSeconds: number;
  containers: Record<string, ContainerPrometheusSignals>;
}

/** Thresholds of the Prometheus-fed rules (configurable through the server's settings). */
export interface FindingThresholds {
  /** A sidecar throttled in at least this share of its CFS periods raises `sidecar-cpu-throttled`. */
  throttledShare: number;
  /** ... over at least this many CFS periods (100 ms each by default), so a short burst does not. */
  minCfsPeriods: number;
}
