/**
 * The project's own types for pods, containers, lifecycles and findings.
 *
 * Everything downstream of `lib/k8s` speaks these types: raw Kubernetes objects are turned into a
 * {@link PodDigest} once, at the door (`toPodDigest`), and never travel further. Times are epoch
 * milliseconds; every time that can come from two places carries a {@link Stamp} saying which.
 */

/** How a container takes part in the pod's lifecycle. */
export type ContainerKind = 'init' | 'native-sidecar' | 'legacy-sidecar' | 'main';

/**
 * Why a container was classified as a sidecar.
 * - `native`: `initContainers[]` entry with `restartPolicy: Always` (KEP-753).
 * - `name` / `image`: a well-known sidecar name or image (istio-proxy, envoy, fluent-bit, …).
 * - `annotation`: an injection annotation names it (`sidecar.istio.io/status`, …).
 * - `default-container`: `kubectl.kubernetes.io/default-container` names another container as main.
 * - `override`: our own `sidecarscope.io/sidecars: "a,b"` annotation.
 */
export type SidecarSignal = 'native' | 'name' | 'image' | 'annotation' | 'default-container' | 'override';

/**
 * Where a time came from. `reported` times are read from status fields (`startedAt`,
 * `lastTransitionTime`, …): one-second resolution, node clock. `observed` times are when a live
 * watcher saw a change: millisecond resolution, dashboard clock, only as good as the watch latency.
 */
export type TimeSource = 'reported' | 'observed';

export interface Stamp {
  /** Epoch milliseconds. */
  at: number;
  source: TimeSource;
  /** Resolution in ms: 1000 for reported, 1 for observed. */
  resolutionMs: number;
}

export interface ResourceFigures {
  /** CPU in millicores. */
  cpuMilli?: number;
  /** Memory in bytes. */
  memoryBytes?: number;
}

export interface ContainerResources {
  requests: ResourceFigures;
  limits: ResourceFigures;
}

export type ProbeHandler = 'httpGet' | 'tcpSocket' | 'exec' | 'grpc' | 'unknown';

export interface ProbeDigest {
  handler: ProbeHandler;
  initialDelaySeconds: number;
  periodSeconds: number;
  failureThreshold: number;
  /** Port number or name, when the handler has one. */
  port?: number | string;
}

export interface ContainerSpecDigest {
  name: string;
  image: string;
  kind: ContainerKind;
  /** Set for sidecars only. */
  signal?: SidecarSignal;
  /** Which list it was declared in. */
  list: 'initContainers' | 'containers';
  /** Position within its list (declaration order). */
  index: number;
  /** `restartPolicy` as declared on the container (only `Always` on an init container is a native sidecar). */
  restartPolicy?: string;
  startupProbe?: ProbeDigest;
  readinessProbe?: ProbeDigest;
  livenessProbe?: ProbeDigest;
  hasPreStop: boolean;
  resources: ContainerResources;
  ports: number[];
}

export type ContainerState =
  | { state: 'waiting'; reason?: string; message?: string }
  | { state: 'running'; startedAt?: number }
  | {
      state: 'terminated';
      reason?: string;
      message?: string;
      exitCode?: number;
      signal?: number;
      startedAt?: number;
      finishedAt?: number;
    }
  | { state: 'unknown' };

export interface ContainerStatusDigest {
  name: string;
  ready: boolean;
  /** `undefined` when the kubelet did not report it (old kubelets, partial objects). */
  started?: boolean;
  restartCount: number;
  state: ContainerState;
  lastState?: ContainerState;
  image?: string;
  containerID?: string;
}

export interface PodConditionDigest {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: number;
  reason?: string;
  message?: string;
}

export interface WorkloadRef {
  /** Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Node, … or `Pod` for bare pods. */
  kind: string;
  name: string;
}

export type PodRestartPolicy = 'Always' | 'OnFailure' | 'Never';

/**
 * A compact, trimmed view of one Pod. Holds only what the dashboard shows or reasons about: no
 * managedFields, no env values, no volumes' contents, only the annotations in
 * `RELEVANT_ANNOTATIONS`.
 */
export interface PodDigest {
  uid: string;
  namespace: string;
  name: string;
  resourceVersion?: string;
  nodeName?: string;
  phase: string;
  reason?: string;
  message?: string;
  qosClass?: string;
  /** The owner as declared (`ReplicaSet`, `Job`, …). */
  owner?: WorkloadRef;
  /** The workload a person thinks of: ReplicaSet → Deployment, Job → CronJob when named so, else owner or the pod. */
  workload: WorkloadRef;
  labels: Record<string, string>;
  /** Only annotations that carry meaning for sidecar detection. */
  annotations: Record<string, string>;
  createdAt?: number;
  startTime?: number;
  deletedAt?: number;
  deletionGracePeriodSeconds?: number;
  terminationGracePeriodSeconds: number;
  restartPolicy: PodRestartPolicy;
  /** Init containers first, then regular containers, each in declaration order. */
  containers: ContainerSpecDigest[];
  /** Keyed by container name; init and regular statuses together. */
  statuses: Record<string, ContainerStatusDigest>;
  conditions: PodConditionDigest[];
  /** Problems met while normalising (a malformed field, a missing name): shown, never thrown. */
  problems: string[];
}

/** An event about a pod, from core/v1 or events.k8s.io/v1, reduced to what the UI shows. */
export interface EventDigest {
  uid?: string;
  namespace: string;
  podName: string;
  podUid?: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  /** The container named by `involvedObject.fieldPath` / `regarding.fieldPath`, if any. */
  container?: string;
  fieldPath?: string;
  firstAt?: number;
  lastAt?: number;
  count: number;
  /** `kubelet`, `default-scheduler`, … */
  source?: string;
}

/** One PodMetrics sample (metrics.k8s.io), per container. */
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

export type SegmentState =
  | 'waiting'
  /** Process running, not yet `started` (startupProbe pending). */
  | 'running'
  /** `started`, not `ready`. */
  | 'started'
  | 'ready'
  | 'backoff'
  | 'terminated';

export interface Segment {
  state: SegmentState;
  from: Stamp;
  /** Absent while ongoing. */
  to?: Stamp;
  reason?: string;
  exitCode?: number;
}

export type MarkerKind =
  | 'created'
  | 'started'
  | 'ready'
  | 'restart'
  | 'oom-killed'
  /** An OOM kill inside the container's cgroup read from Prometheus (`container_oom_events_total`), e.g. a child process. */
  | 'oom-event'
  | 'probe-failed'
  | 'killing'
  | 'back-off'
  | 'terminated'
  | 'condition'
  | 'scheduled'
  | 'deleted'
  | 'event';

export interface Marker {
  kind: MarkerKind;
  at: Stamp;
  label: string;
  detail?: string;
}

export interface Lane {
  container: string;
  kind: ContainerKind;
  signal?: SidecarSignal;
  image: string;
  segments: Segment[];
  markers: Marker[];
  restartCount: number;
  /** First time the container was seen running, and started (started=true). */
  firstRunningAt?: Stamp;
  startedAt?: Stamp;
  readyAt?: Stamp;
}

export interface ShutdownStep {
  container: string;
  kind: ContainerKind;
  finishedAt?: Stamp;
  exitCode?: number;
  reason?: string;
  /** True when it finished in the same reported second as the step before: their order is declaration order, not measured. */
  tiedWithPrevious?: boolean;
}

export interface PodLifecycle {
  uid: string;
  namespace: string;
  name: string;
  /** One lane per container: init containers then regular ones, declaration order. */
  lanes: Lane[];
  /** Pod-level markers: scheduled, conditions, deletion. */
  markers: Marker[];
  /** Earliest and latest time on the timeline. */
  from?: number;
  to?: number;
  /** Containers in the order they started running (earliest first). */
  startupOrder: string[];
  /** Present once the pod is terminating or terminated: containers in the order they stopped. */
  shutdownOrder?: ShutdownStep[];
}

export type Severity = 'critical' | 'warning' | 'info';

export type FindingId =
  | 'startup-race'
  | 'sidecar-no-startup-probe'
  | 'sidecar-crashloop'
  | 'sidecar-oomkilled'
  | 'sidecar-startup-blocked'
  | 'sidecar-not-ready'
  | 'job-blocked-by-sidecar'
  | 'init-never-completes'
  | 'legacy-sidecar'
  | 'sidecar-no-resources'
  | 'sidecar-over-request'
  | 'sidecar-near-memory-limit'
  | 'sidecar-stopped-before-app'
  | 'grace-period-exceeded'
  | 'unpinned-sidecar-image'
  | 'sidecar-dropped-restart-policy'
  | 'container-crashloop'
  | 'container-oomkilled'
  | 'sidecar-cpu-throttled'
  | 'sidecar-oom-no-restart';

export interface Evidence {
  label: string;
  value: string;
  at?: Stamp;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  namespace: string;
  pod: string;
  podUid: string;
  container?: string;
  /** One line, e.g. "istio-proxy is crash-looping (5 restarts)". */
  message: string;
  /** One paragraph in plain language: what happens and why it matters. */
  explanation: string;
  evidence: Evidence[];
  /** What to do; may contain a fenced YAML snippet. */
  fix: string;
}

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
