/**
 * One tracked pod: its compact digest, what the watcher observed, its metrics ring, and what was
 * derived from them the last time it changed.
 */
import 'server-only';
import { fleetOf, startupTaxMs, toPodRow } from '../model/derive-views';
import { detectFindings, refreshFindings, samplesLeaveFindings, signalsLeaveFindings } from '../model/findings';
import { deriveLifecycle } from '../model/lifecycle';
import type {
  ClusterFacts,
  ContainerSpecDigest,
  EventDigest,
  Finding,
  FindingThresholds,
  MetricsSample,
  PodDigest,
  PodObservations,
  PrometheusSignals,
  WorkloadRef,
} from '../model/types';
import type { Interner } from './interner';
import { keepsFindings, withFleet, type Derived } from './shared-derived';

export { keptFindings, shareDerived, type Derived } from './shared-derived';
import { packDigest, resourceVersionOf, topFieldOf, unpackDigest, type DigestShape, type PackedDigest } from './packed-digest';
import { PackedObservations, type TextSharing } from './packed-observations';
import { SampleRing, type NameSharing } from './sample-ring';
import type { Contribution } from './summary-totals';

/**
 * One tracked pod. Its digest is kept packed (a skeleton shared by pods of one template in one
 * state, and this pod's own values: see `packed-digest.ts`) and unpacked on each read of `digest`;
 * `namespace`, `workload`, `phase` and `resourceVersion` are read without unpacking.
 */
export class PodEntry {
  readonly uid: string;
  /** `namespace/name`. */
  readonly key: string;
  /** The digest, packed: see {@link PackedDigest} (its three fields, without a wrapper object). */
  private shape: DigestShape;
  private texts: readonly string[];
  private times: readonly number[];
  /** What the watcher observed, packed (./packed-observations.ts). */
  private observed?: PackedObservations;
  private observedUnpacked?: PodObservations;
  /** The digest as last set, kept until derived: a derivation right after an update unpacks nothing. */
  private unpacked?: PodDigest;
  /** The phase and workload `counted` was taken with (the rest of it is `derived` and the namespace). */
  private countedPhase?: string;
  private countedWorkload?: WorkloadRef;
  /** Oldest first, bounded by the metrics history window and the hub's budget; packed (./sample-ring.ts). */
  private ring: SampleRing;
  /** The last Prometheus figures for this pod (absent without Prometheus, or when it had none). */
  prometheus?: PrometheusSignals;
  /** Set once the pod is gone from the cluster (retained for its timeline). */
  deletedAt?: number;
  derived?: Derived;
  /** Set for a pod restored from history and not seen since the restart: when the store last saw it. */
  restoredLastSeen?: number;

  /** `digest` must have been through {@link shareDigest}. */
  constructor(digest: PodDigest, shared: Interner, observations: PodObservations | undefined, samples: MetricsSample[] = []) {
    this.uid = digest.uid;
    this.key = flatKeyOf(digest);
    ({ shape: this.shape, texts: this.texts, times: this.times } = packDigest(digest, shared));
    this.unpacked = digest;
    this.setObservations(observations, shared);
    this.ring = samples.length === 0 ? SampleRing.EMPTY : SampleRing.of(samples, shared);
  }

  /** The metrics samples, oldest first, as objects built afresh on each read: read them once per use. */
  get samples(): MetricsSample[] {
    return this.ring.length === 0 ? [] : this.ring.toArray();
  }

  /** How many metrics samples the pod keeps. */
  get sampleCount(): number {
    return this.ring.length;
  }

  /** The newest metrics sample. */
  latestSample(): MetricsSample | undefined {
    return this.ring.latest();
  }

  /**
   * Appends a sample and drops those older than `historyMs`, and the oldest beyond `max` (samples
   * arrive in time order); false when `sample` is not newer than the newest kept.
   */
  pushSample(sample: MetricsSample, historyMs: number, max: number, shared?: NameSharing): boolean {
    const next = this.ring.with(sample, historyMs, max, shared);
    if (!next) return false;
    this.ring = next;
    return true;
  }

  /** The pod's digest, unpacked afresh on every read (but between an update and its derivation): read it once per use. */
  get digest(): PodDigest {
    return this.unpacked ?? unpackDigest(this.packed(), this.uid);
  }

  /** Replaces the digest (same uid; through {@link shareDigest} first). */
  setDigest(digest: PodDigest, shared: Interner): void {
    ({ shape: this.shape, texts: this.texts, times: this.times } = packDigest(digest, shared, this.shape));
    this.unpacked = digest;
  }

  /** Lets go of the digest as set by the last update: once derived, it is read rarely and unpacked then. */
  settle(): void {
    this.unpacked = undefined;
    this.observedUnpacked = undefined;
  }

  /**
   * What the watcher observed: as set by the last update until derived, else unpacked afresh on
   * each read (read it once per use).
   */
  get observations(): PodObservations | undefined {
    return this.observedUnpacked ?? this.observed?.unpack();
  }

  /** What the watcher observed, packed: what the history recorder keeps until it writes them. */
  get packedObservations(): PackedObservations | undefined {
    return this.observed;
  }

  /** Replaces what the watcher observed (kept packed; as given until the next derivation). */
  setObservations(observations: PodObservations | undefined, shared: TextSharing): void {
    this.observed = observations ? PackedObservations.of(observations, shared, this.observed) : undefined;
    this.observedUnpacked = observations;
  }

  /**
   * What this pod currently adds to the summary totals (removed before re-deriving). Kept as the
   * phase and workload: set only to {@link contributionOf} this entry, whose other parts are
   * `derived` (replaced only after the totals lost this contribution) and the namespace.
   */
  get counted(): Contribution | undefined {
    const { countedPhase, countedWorkload, derived } = this;
    return countedPhase === undefined || countedWorkload === undefined || !derived ? undefined : contributionWith(this, derived, countedPhase, countedWorkload);
  }

  set counted(contribution: Contribution | undefined) {
    this.countedPhase = contribution?.phase;
    this.countedWorkload = contribution?.workload;
  }

  /** The phase and workload this pod is counted under in the totals (undefined: not counted), without building its contribution. */
  get countedAs(): { phase: string; workload: WorkloadRef } | undefined {
    const { countedPhase, countedWorkload, derived } = this;
    return countedPhase === undefined || countedWorkload === undefined || !derived ? undefined : { phase: countedPhase, workload: countedWorkload };
  }

  private packed(): PackedDigest {
    return { shape: this.shape, texts: this.texts, times: this.times };
  }

  get namespace(): string {
    return topFieldOf(this.packed(), 'namespace') ?? this.digest.namespace;
  }

  get workload(): WorkloadRef {
    return topFieldOf(this.packed(), 'workload') ?? this.digest.workload;
  }

  /** The container specs (shared by the pods of a template). */
  get containers(): readonly ContainerSpecDigest[] {
    return topFieldOf(this.packed(), 'containers') ?? this.digest.containers;
  }

  get phase(): string {
    return topFieldOf(this.packed(), 'phase') ?? this.digest.phase;
  }

  get resourceVersion(): string | undefined {
    return resourceVersionOf(this.packed());
  }
}

/** `namespace/name` of a digest. */
export function keyOf(pod: { namespace: string; name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}

/**
 * {@link keyOf} as one flat string, for a key kept for the pod's life: `+` makes a cons string
 * (a pair of pointers, flattened in place on its first lookup into a second, full copy); `join`
 * builds the text once, about 40 B a pod less.
 */
function flatKeyOf(pod: { namespace: string; name: string }): string {
  return [pod.namespace, pod.name].join('/');
}

/** The events of this incarnation (events name pods by name; the uid, when present, must match). */
export function eventsOf(entry: Pick<PodEntry, 'uid'>, all: readonly EventDigest[] | undefined): EventDigest[] {
  if (!all) return [];
  return all.filter((e) => e.podUid === undefined || e.podUid === entry.uid);
}

/** Derives findings, row, fleet share and startup tax for one pod. */
export function derive(entry: Readonly<PodEntry>, events: EventDigest[], cluster: ClusterFacts, now: number, thresholds?: Partial<FindingThresholds>): Derived {
  const pod = entry.digest;
  const observations = entry.observations;
  entry.settle();
  const lifecycle = deriveLifecycle({ pod, observations, events, now });
  const findings = detectFindings({
    pod,
    observations,
    events,
    metrics: entry.samples,
    cluster,
    now,
    lifecycle,
    ...prometheusInput(entry, thresholds),
  });
  return withFindings(entry, pod, findings, startupTaxMs(lifecycle, pod));
}

/** The Prometheus figures and thresholds for the rules that read them (nothing without Prometheus). */
function prometheusInput(
  entry: Readonly<PodEntry>,
  thresholds: Partial<FindingThresholds> | undefined,
): { prometheus?: PrometheusSignals; thresholds?: Partial<FindingThresholds> } {
  return { ...(entry.prometheus ? { prometheus: entry.prometheus } : {}), ...(thresholds ? { thresholds } : {}) };
}

/** The row and fleet share that go with `findings` (the row marked deleted once the pod is gone). */
function withFindings(entry: Readonly<PodEntry>, pod: PodDigest, findings: Finding[], taxMs: number | undefined): Derived {
  const row = toPodRow(pod, findings);
  return {
    findings,
    row: entry.deletedAt === undefined ? row : { ...row, deleted: true },
    fleet: fleetOf(pod, entry.latestSample()),
    startupTaxMs: taxMs,
  };
}

/** What changed for a pod whose status and events did not: its metrics samples, its Prometheus figures, or both. */
export interface FiguresChanged {
  samples: boolean;
  signals: boolean;
}

/**
 * The derivation after new samples or Prometheus figures when they cannot change the pod's findings
 * (`samplesLeaveFindings`, `signalsLeaveFindings`): the last one, with the new fleet share after
 * new samples, without rebuilding the digest or running a rule. Undefined when the findings must be
 * judged again (or were never derived).
 */
export function keepAfterFigures(
  entry: Readonly<PodEntry>,
  changed: FiguresChanged,
  shared: Interner,
  thresholds?: Partial<FindingThresholds>,
): Derived | undefined {
  const previous = entry.derived;
  if (!previous) return undefined;
  const ids = previous.row.findingIds;
  if (changed.signals && !signalsLeaveFindings(ids, entry.containers, entry.prometheus, thresholds)) return undefined;
  if (!changed.samples) return withFleet(previous, previous.fleet, shared);
  const latest = entry.latestSample();
  if (!samplesLeaveFindings(ids, entry.containers, latest)) return undefined;
  return withFleet(previous, fleetOf(entry, latest), shared);
}

/**
 * What new metrics samples or Prometheus figures alone change: the findings of the rules that read
 * them, and the fleet share. The lifecycle and the other findings are kept from the last full
 * derivation (a pod never derived gets a full one); when the findings come out as they were, the
 * row is kept too ({@link withFleet}).
 */
export function deriveFigures(
  entry: Readonly<PodEntry>,
  events: EventDigest[],
  cluster: ClusterFacts,
  now: number,
  changed: FiguresChanged,
  shared: Interner,
  thresholds?: Partial<FindingThresholds>,
): Derived {
  const previous = entry.derived;
  if (!previous) return derive(entry, events, cluster, now, thresholds);
  const kept = keepAfterFigures(entry, changed, shared, thresholds);
  if (kept) return kept;
  const pod = entry.digest;
  const observations = entry.observations;
  entry.settle();
  const findings = refreshFindings(
    previous.findings,
    { pod, observations, events, metrics: entry.samples, cluster, now, ...prometheusInput(entry, thresholds) },
    changed,
  );
  if (keepsFindings(previous, findings)) return withFleet(previous, fleetOf(pod, entry.latestSample()), shared);
  return withFindings(entry, pod, findings, previous.startupTaxMs);
}

/**
 * Replaces the parts of a fresh digest that pods of one template have in common with shared
 * copies (about 1 KB per pod at 100,000 pods). Nothing reads these as mutable.
 */
export function shareDigest(digest: PodDigest, shared: Interner, previous?: PodDigest): void {
  digest.containers = shared.reuse(previous?.containers, digest.containers, 'containers');
  digest.labels = shared.reuse(previous?.labels, digest.labels, 'labels');
  digest.annotations = shared.reuse(previous?.annotations, digest.annotations, 'annotations');
  digest.workload = shared.reuse(previous?.workload, digest.workload, 'workload');
  if (digest.owner) digest.owner = shared.reuse(previous?.owner, digest.owner, 'owner');
  digest.problems = shared.reuse(previous?.problems, digest.problems, 'problems');
}

/** What a live, derived pod adds to the summary totals. */
export function contributionOf(entry: PodEntry): Contribution | undefined {
  if (!entry.derived || entry.deletedAt !== undefined) return undefined;
  return contributionWith(entry, entry.derived, entry.phase, entry.workload);
}

function contributionWith(entry: PodEntry, derived: Derived, phase: string, workload: WorkloadRef): Contribution {
  return {
    uid: entry.uid,
    namespace: entry.namespace,
    phase,
    workload,
    findings: derived.findings,
    fleet: derived.fleet,
    startupTaxMs: derived.startupTaxMs,
  };
}

/**
 * Appends a sample and drops those older than `historyMs`, and the oldest beyond `max` (samples
 * arrive in time order); `shared` shares the container-name lists between pods.
 */
export function pushSample(entry: PodEntry, sample: MetricsSample, historyMs: number, max = Number.POSITIVE_INFINITY, shared?: NameSharing): boolean {
  return entry.pushSample(sample, historyMs, max, shared);
}
