/**
 * The live picture of the cluster: one compact entry per pod keyed by uid, bounded event lists,
 * metrics rings, and deleted pods kept for a retention window. Watch events only mark pods dirty;
 * `flush()` derives lifecycles and findings for the dirty ones and updates the totals, so the
 * cost of a change is the cost of that pod. Time comes from an injected clock.
 */
import 'server-only';
import type { ClusterFacts, EventDigest, FindingThresholds, PrometheusSignals } from '../model/types';
import { sameSignals } from '../prometheus/signals';
import type { HistoryView, PodRow } from '../model/views';
import type { LoopStatus } from '../k8s/list-watch';
import type { ServerVersion } from '../k8s/cluster-info';
import { toPodDigest } from '../model/digest';
import { TIME_SENSITIVE_FINDINGS } from '../model/findings';
import { trimOldest } from '../model/trim-oldest';
import { toEventDigest } from '../model/events';
import { summarizeSince, toMetricsSample } from '../model/metrics';
import { observeDeletion, observePod } from '../model/observe';
import { StatusTracker, type MissingPermission } from './hub-status';
import { Interner, sameData } from './interner';
import {
  contributionOf,
  derive,
  deriveFigures,
  eventsOf,
  keptFindings,
  keyOf,
  PodEntry,
  pushSample,
  shareDerived,
  shareDigest,
  type FiguresChanged,
} from './pod-entry';
import { SummaryTotals } from './summary-totals';
import type { Derived } from './shared-derived';
import type { HistorySink, RestoredPod, WatchGap } from './history-sink';

export interface HubOptions {
  now: () => number;
  cluster: { name: string; mode: 'demo' | 'kubeconfig' | 'in-cluster' };
  retentionMs: number;
  maxDeleted: number;
  metricsHistoryMs: number;
  /**
   * Metrics samples kept across all live pods (default 250,000, about 12 MB of heap for pods of two
   * containers: 48 bytes a sample, packed by ./sample-ring.ts, and about 50 a pod): each pod keeps at
   * most this divided by the live pods (at least the newest one, which the rows show), so a large
   * cluster keeps a shorter history instead of growing the heap with the pod count times
   * `metricsHistoryMs`. The budget is a bound: past it, pods keep one sample each (the default
   * keeps two, which the memory-trend findings need, up to 125,000 pods).
   */
  metricsMaxSamples?: number;
  maxEventsPerPod?: number;
  maxEventKeys?: number;
  staleAfterMs?: number;
  /**
   * Pods judged again per `flush()` for new metrics samples alone (default 2,000): only the
   * findings that read usage and the fleet share, not the lifecycle. A poll brings a sample for
   * every pod; doing 100,000 at once would block the event loop, so they are spread over the next
   * ticks, after the pods whose status changed.
   */
  metricsDerivePerFlush?: number;
  /**
   * Work (ms of {@link HubOptions.workClock}) one `flush()` spends on the pods it may leave for a
   * later one: new metrics samples alone and rechecks (default 10). The pods whose status changed
   * are always all derived: the stream's delta waits for them. Without it a flush after a poll
   * derived 2,000 pods in the fan-out's tick (100-400 ms at 10,000 pods: the stream's p99).
   * At least one of each kind per flush; a poll's pods are also derived in slices between ticks
   * ({@link Hub.deriveMetricsSome}).
   */
  deferrableBudgetMs?: number;
  /**
   * Some findings change with time alone (`TIME_SENSITIVE_FINDINGS`: `init-never-completes` after
   * a minute, `sidecar-startup-blocked`, the severity of `job-blocked-by-sidecar`, restarts ageing
   * out of the crash-loop window), on a pod that changes nothing. Pods that are not settled (not
   * running with every container ready, or with such a finding) are derived again this long after
   * their last derivation (default 15 s), at most `recheckPerFlush` of them per `flush()` (default 200).
   */
  recheckEveryMs?: number;
  recheckPerFlush?: number;
  /** Where applied changes are recorded (the history store); absent: live only. */
  history?: HistorySink;
  /**
   * How often a poll's metrics samples are also recorded in the history (default 60 s): the first
   * poll of each such interval of the clock is, the others reach the live rings only. At 100,000
   * pods of two containers each poll is 200,000 rows: every 15 s that is 13,000 rows a second for
   * the writer, a full store (1 GiB) within the hour, and a first poll that overflows the
   * recorder's bound while the first list is still being written. The live view keeps every poll.
   * What is recorded is the interval's summary (`summarizeSince`: mean CPU, highest memory) of the
   * samples the pod's ring still holds (all of them up to about 60,000 pods; at 100,000, the last
   * two polls), so a memory peak between two recorded polls is kept.
   */
  historySampleEveryMs?: number;
  /** Overrides of the Prometheus-fed rules' thresholds (`SIDECARSCOPE_THROTTLE_*`). */
  findingThresholds?: Partial<FindingThresholds>;
  /**
   * Milliseconds of work done, for {@link Hub.deriveSome}'s slices (default `performance.now`);
   * not the data clock `now`. Tests count with a fake one.
   */
  workClock?: () => number;
}

/** A full list taken a page at a time ({@link Hub.beginPodList}). */
export interface PodListApplier {
  page(items: unknown[]): void;
  /** The last page is in: pods of the scope the list did not hold are deleted. */
  end(): void;
}

/** Periods nothing watched, kept for timelines (newest last). */
const MAX_GAPS = 1_000;

/** What changed since the last `takeChanges()`. */
export interface ChangeSet {
  upserts: PodRow[];
  removes: string[];
  summaryChanged: boolean;
  /** Uids whose detail changed (derived again). */
  changed: Set<string>;
  /** Uids derived for the first time (new to the list). */
  added: Set<string>;
}

export class Hub {
  private readonly entries = new Map<string, PodEntry>();
  private readonly live = new Map<string, string>();
  /** Deleted uids in order of deletion, with the time. */
  private readonly deleted = new Map<string, number>();
  private readonly events = new Map<string, EventDigest[]>();
  readonly totals: SummaryTotals;
  readonly status: StatusTracker;
  readonly counters = {
    eventsApplied: 0,
    watchRestarts: new Map<string, number>(),
    applyLagSeconds: 0,
    /** Relists after a watch went silent, per resource. */
    silentRelists: new Map<string, number>(),
    /** Objects those relists found changed that the watch never delivered, per resource. */
    undeliveredChanges: new Map<string, number>(),
  };
  metrics: { available: boolean; reason?: string } = { available: false, reason: 'Waiting for the first metrics poll.' };
  /** Periods nothing watched (from the history store and this process's own watch cuts). */
  readonly gaps: WatchGap[] = [];
  /** The history store's state, shown in the summary; set by the runtime. */
  history?: HistoryView;
  version?: ServerVersion;
  private readonly dirty = new Map<string, number>();
  /**
   * Pods with only new metrics samples or Prometheus figures, derived a batch per flush (see
   * `metricsDerivePerFlush`) and between ticks: when marked, and which of the two changed.
   */
  private readonly dirtyFigures = new Map<string, FigureMark>();
  /** The interval of `historySampleEveryMs` whose poll was last recorded in the history. */
  private historySampleInterval?: number;
  /**
   * Live pods whose findings may change with time alone, by when to derive them again; in that
   * order, as the interval is one for all.
   */
  private readonly recheck = new Map<string, number>();
  /**
   * `upserts`: pods whose row changed (sent to every list); `touched`: every pod derived again (a
   * pod page may show what changed, e.g. new metrics samples, which rows do not carry).
   */
  private pending = emptyPending();
  /** One copy of what pods of a template share (container specs, labels, finding texts). */
  private readonly shared = new Interner();

  constructor(readonly options: HubOptions) {
    this.totals = new SummaryTotals();
    this.status = new StatusTracker(options.staleAfterMs);
  }

  /** Changes whenever a row is added, changed or dropped (see {@link Hub.rowsVersion}). */
  private rowsChanged = 0;

  /**
   * The version of every pod's row: it changes whenever a row is added, changed or dropped, so a
   * list answer computed at one version holds until it moves (read it after `flush()`).
   */
  get rowsVersion(): number {
    return this.rowsChanged;
  }

  /** A tracked pod by uid: live, or deleted and still retained. */
  pod(uid: string): Readonly<PodEntry> | undefined {
    return this.entries.get(uid);
  }

  /** The live pod `namespace/name` ({@link keyOf}). */
  livePod(key: string): Readonly<PodEntry> | undefined {
    const uid = this.live.get(key);
    return uid === undefined ? undefined : this.entries.get(uid);
  }

  /** The live pod `namespace/name`, else the incarnation of that name deleted last and still retained. */
  podByKey(key: string): Readonly<PodEntry> | undefined {
    const live = this.livePod(key);
    if (live) return live;
    let newest: PodEntry | undefined;
    for (const uid of this.deleted.keys()) {
      const entry = this.entries.get(uid);
      if (entry?.key === key) newest = entry;
    }
    return newest;
  }

  /** Every tracked pod, live and retained deleted, in the order they were first seen. */
  pods(): IterableIterator<Readonly<PodEntry>> {
    return this.entries.values();
  }

  /** The live pods, in the order they were first seen. */
  *livePods(): Generator<Readonly<PodEntry>> {
    for (const uid of this.live.values()) {
      const entry = this.entries.get(uid);
      if (entry) yield entry;
    }
  }

  /** The retained deleted pods, oldest deletion first. */
  *deletedPods(): Generator<Readonly<PodEntry>> {
    for (const uid of this.deleted.keys()) {
      const entry = this.entries.get(uid);
      if (entry) yield entry;
    }
  }

  /** The events held for `namespace/name`, oldest first; with `uid`, only that incarnation's. */
  eventsOf(key: string, uid?: string): EventDigest[] {
    const all = this.events.get(key);
    return uid === undefined ? [...(all ?? [])] : eventsOf({ uid }, all);
  }

  /** How many pods are held: live, and deleted but retained. */
  get size(): { live: number; deleted: number } {
    return { live: this.live.size, deleted: this.deleted.size };
  }

  /** A full (re)list of pods in `scope` (`*` or a namespace): pods missing from it are deleted. */
  applyPodList(scope: string, items: unknown[]): void {
    const list = this.beginPodList(scope);
    list.page(items);
    list.end();
  }

  /**
   * A full (re)list of pods in `scope` taken a page at a time, so each page can be applied (and
   * derived, {@link deriveSome}) while the next is fetched: at `end()`, pods of the scope that no
   * page held are deleted, as {@link applyPodList} does.
   */
  beginPodList(scope: string): PodListApplier {
    const seen = new Set<string>();
    return {
      page: (items) => {
        for (const raw of items) {
          const uid = this.upsertPod(raw);
          if (uid) seen.add(uid);
        }
      },
      end: () => {
        // Not a copy of the map (100,000 pairs at the end of a sync): deleting the entry visited is safe.
        for (const [key, uid] of this.live) {
          if (!seen.has(uid) && (scope === '*' || key.startsWith(`${scope}/`))) this.markDeleted(uid);
        }
      },
    };
  }

  /** One pod watch event. */
  applyPodEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: unknown): void {
    const uid = this.upsertPod(raw);
    if (uid && type === 'DELETED') this.markDeleted(uid);
  }

  private upsertPod(raw: unknown): string | undefined {
    this.counters.eventsApplied += 1;
    const digest = toPodDigest(raw);
    if (!digest) return undefined;
    const entry = this.entries.get(digest.uid);
    if (entry?.deletedAt !== undefined) return undefined;
    if (entry && digest.resourceVersion !== undefined && entry.resourceVersion === digest.resourceVersion) return digest.uid;
    const before = entry?.digest;
    shareDigest(digest, this.shared, before);
    const now = this.options.now();
    const observations = observePod(entry?.observations, before, digest, now);
    let kept = entry;
    if (kept) {
      kept.setDigest(digest, this.shared);
      kept.setObservations(observations, this.shared);
      kept.restoredLastSeen = undefined;
    } else {
      kept = new PodEntry(digest, this.shared, observations);
      const previous = this.live.get(kept.key);
      if (previous !== undefined && previous !== digest.uid) this.markDeleted(previous);
      this.entries.set(digest.uid, kept);
      this.shared.reserve(this.entries.size);
      // The entry's own key: one string for both.
      this.live.set(kept.key, digest.uid);
    }
    this.markDirty(digest.uid, now);
    this.options.history?.podSeen(digest, kept.packedObservations, now);
    return digest.uid;
  }

  private markDeleted(uid: string): void {
    const entry = this.entries.get(uid);
    if (!entry || entry.deletedAt !== undefined) return;
    // A pod restored from history and gone from the first list went while nobody watched: it
    // ends when it was last seen, not at the restart.
    const lastSeen = entry.restoredLastSeen;
    const now = lastSeen ?? this.options.now();
    entry.deletedAt = now;
    entry.setObservations(observeDeletion(entry.observations, now), this.shared);
    this.options.history?.podDeleted(uid, now, lastSeen === undefined ? 'observed' : 'last-seen', entry.packedObservations);
    if (this.live.get(entry.key) === uid) this.live.delete(entry.key);
    this.deleted.set(uid, now);
    this.markDirty(uid, now);
    trimOldest(this.deleted, this.options.maxDeleted, (oldest) => this.drop(oldest));
  }

  private drop(uid: string): void {
    const entry = this.entries.get(uid);
    this.deleted.delete(uid);
    this.dirty.delete(uid);
    this.dirtyFigures.delete(uid);
    this.recheck.delete(uid);
    if (!entry) return;
    if (entry.counted) this.totals.remove(entry.counted);
    this.entries.delete(uid);
    if (!this.live.has(entry.key)) this.events.delete(entry.key);
    this.pending.upserts.delete(uid);
    this.pending.touched.delete(uid);
    this.pending.added.delete(uid);
    this.pending.removes.add(uid);
    this.rowsChanged += 1;
    this.pending.summaryChanged = true;
  }

  private markDirty(uid: string, now: number): void {
    this.dirtyFigures.delete(uid);
    if (!this.dirty.has(uid)) this.dirty.set(uid, now);
  }

  /** One event (core/v1) about a pod: kept per pod, bounded, deduplicated by uid. */
  applyEvent(raw: unknown): void {
    this.counters.eventsApplied += 1;
    const event = toEventDigest(raw);
    if (!event) return;
    const key = `${event.namespace}/${event.podName}`;
    const list = this.events.get(key) ?? [];
    const at = event.uid === undefined ? -1 : list.findIndex((e) => e.uid === event.uid);
    if (at >= 0) list[at] = event;
    else list.push(event);
    const max = this.options.maxEventsPerPod ?? 50;
    if (list.length > max) list.splice(0, list.length - max);
    this.events.delete(key);
    this.events.set(key, list);
    this.trimEventKeys();
    this.options.history?.event(event, this.options.now());
    const uid = this.live.get(key) ?? (event.podUid !== undefined && this.entries.has(event.podUid) ? event.podUid : undefined);
    if (uid !== undefined) this.markDirty(uid, this.options.now());
  }

  private trimEventKeys(): void {
    const max = this.options.maxEventKeys ?? 50_000;
    for (const key of this.events.keys()) {
      if (this.events.size <= max) return;
      if (!this.live.has(key)) this.events.delete(key);
    }
  }

  /** The outcome of a PodMetrics poll: samples go to each live pod's ring. */
  applyMetrics(poll: { available: true; items: unknown[] } | { available: false; reason: string }): void {
    const before = JSON.stringify(this.metrics);
    if (!poll.available) {
      this.metrics = { available: false, reason: poll.reason };
    } else {
      this.metrics = { available: true };
      const now = this.options.now();
      const perPod = this.samplesPerPod();
      const history = this.historyForSamples(now);
      for (const raw of poll.items) {
        const parsed = toMetricsSample(raw);
        const uid = parsed && this.live.get(`${parsed.namespace}/${parsed.name}`);
        const entry = uid === undefined ? undefined : this.entries.get(uid);
        if (!parsed || !entry || !pushSample(entry, parsed.sample, this.options.metricsHistoryMs, perPod, this.shared)) continue;
        if (history) history.sample(entry.uid, summarizeSince(entry.samples, parsed.sample, parsed.sample.at - this.historySampleEveryMs()), now);
        this.markFigures(entry.uid, now, 'samples');
      }
    }
    if (JSON.stringify(this.metrics) !== before) this.pending.summaryChanged = true;
  }

  private historySampleEveryMs(): number {
    return this.options.historySampleEveryMs ?? 60_000;
  }

  /** The history, when this poll's samples are to be recorded in it (see `historySampleEveryMs`). */
  private historyForSamples(now: number): HistorySink | undefined {
    const interval = Math.floor(now / this.historySampleEveryMs());
    if (!this.options.history || interval === this.historySampleInterval) return undefined;
    this.historySampleInterval = interval;
    return this.options.history;
  }

  /**
   * The latest Prometheus figures by `namespace/name` (a whole fleet poll): pods whose figures
   * changed are derived again; pods missing from `signals` lose theirs. `undefined` drops them all
   * (Prometheus unavailable: the findings it fed clear rather than go stale).
   */
  applyPrometheusSignals(signals: ReadonlyMap<string, PrometheusSignals> | undefined): void {
    const now = this.options.now();
    for (const [key, uid] of this.live) {
      const entry = this.entries.get(uid);
      if (!entry) continue;
      const next = signals?.get(key);
      if (sameSignals(entry.prometheus, next)) {
        if (next) entry.prometheus = next;
        continue;
      }
      if (next) entry.prometheus = next;
      else delete entry.prometheus;
      this.markFigures(uid, now, 'signals');
    }
  }

  /** Marks a pod whose samples or Prometheus figures changed, unless it waits for a full derivation. */
  private markFigures(uid: string, now: number, what: keyof FiguresChanged): void {
    if (this.dirty.has(uid)) return;
    const mark = this.dirtyFigures.get(uid);
    if (mark) mark[what] = true;
    else this.dirtyFigures.set(uid, { at: now, samples: what === 'samples', signals: what === 'signals' });
  }

  /** How many samples each pod may keep now: the budget shared by the live pods (at least the newest). */
  samplesPerPod(): number {
    return Math.max(1, Math.floor((this.options.metricsMaxSamples ?? 250_000) / Math.max(1, this.live.size)));
  }

  /** The list/watch loops being started (`resource:scope`): ready and connected wait for each. */
  expectLoops(keys: Iterable<string>): void {
    this.status.expect(keys);
  }

  /** Records a list/watch loop's state (`key` is `resource:scope`). */
  setLoopStatus(key: string, status: LoopStatus): void {
    this.status.set(key, status, this.options.now());
  }

  /** Records the access review's missing permissions (an empty list: all granted or not checkable). */
  setPermissions(missing: readonly MissingPermission[]): void {
    const before = this.status.missingPermissions().join('\n');
    this.status.setMissing(missing, this.options.now());
    if (this.status.missingPermissions().join('\n') !== before) this.pending.summaryChanged = true;
  }

  /**
   * An optional loop (`key`, e.g. `events:*`) denied by RBAC: shown as a degradation, and no longer
   * counted as retrying. `undefined` clears the note.
   */
  noteDegraded(key: string, reason: string | undefined): void {
    this.status.setNote(key, reason);
    if (reason !== undefined) this.status.forget(key, this.options.now());
  }

  /** Counts a relist after a silent watch, and the changes it found undelivered, for `/metrics`. */
  countSilentRelist(resource: string, undelivered: number): void {
    this.counters.silentRelists.set(resource, (this.counters.silentRelists.get(resource) ?? 0) + 1);
    this.counters.undeliveredChanges.set(resource, (this.counters.undeliveredChanges.get(resource) ?? 0) + undelivered);
  }

  /** Counts an abnormal watch restart for `/metrics`. */
  countRestart(resource: string): void {
    this.counters.watchRestarts.set(resource, (this.counters.watchRestarts.get(resource) ?? 0) + 1);
  }

  setVersion(version: ServerVersion | undefined): void {
    // Every pod is judged again (rules read the version): not when nothing changed, e.g. a
    // reconnect reading the same version mid-sync.
    if (JSON.stringify(version) === JSON.stringify(this.version)) return;
    this.version = version;
    this.pending.summaryChanged = true;
    for (const uid of this.entries.keys()) this.markDirty(uid, this.options.now());
  }

  /** Facts the finding rules use. */
  clusterFacts(): ClusterFacts {
    return this.version ? { serverVersion: { major: this.version.major, minor: this.version.minor } } : {};
  }

  /**
   * Drops expired deleted pods, derives every pod whose status or events changed and a batch of
   * those with only new metrics, updates totals. Cheap when idle.
   */
  flush(): void {
    const now = this.options.now();
    for (const [uid, at] of this.deleted) {
      if (at > now - this.options.retentionMs) break;
      this.drop(uid);
    }
    const recheckDue = (this.recheck.values().next().value ?? Infinity) <= now;
    if (this.dirty.size === 0 && this.dirtyFigures.size === 0 && !recheckDue) return;
    let lag = 0;
    const facts = this.clusterFacts();
    for (const [uid, markedAt] of this.dirty) {
      lag = Math.max(lag, now - markedAt);
      this.dirtyFigures.delete(uid);
      this.deriveOne(uid, facts, now);
    }
    this.dirty.clear();
    const work = this.options.workClock ?? (() => performance.now());
    const until = work() + (this.options.deferrableBudgetMs ?? 10);
    let budget = this.options.metricsDerivePerFlush ?? 2_000;
    for (const [uid, mark] of this.dirtyFigures) {
      if (budget <= 0 || (budget < (this.options.metricsDerivePerFlush ?? 2_000) && work() >= until)) break;
      budget -= 1;
      lag = Math.max(lag, now - mark.at);
      this.dirtyFigures.delete(uid);
      this.deriveOne(uid, facts, now, mark);
    }
    const recheckCap = this.options.recheckPerFlush ?? 200;
    let rechecks = recheckCap;
    for (const [uid, due] of this.recheck) {
      if (due > now || rechecks <= 0 || (rechecks < recheckCap && work() >= until)) break;
      rechecks -= 1;
      this.recheck.delete(uid);
      if (this.entries.get(uid)?.deletedAt === undefined) this.deriveOne(uid, facts, now);
    }
    this.counters.applyLagSeconds = lag / 1000;
    this.pending.summaryChanged = true;
  }

  /** Pods waiting to be derived again because their findings may change with time alone. */
  get recheckBacklog(): number {
    return this.recheck.size;
  }

  /**
   * Derives pods whose status or events changed until `budgetMs` of work ({@link HubOptions.workClock})
   * has passed, at least one; true when none are left. The initial sync derives each page this
   * way between the pages' fetches, yielding to the event loop between slices, so requests and
   * streams are answered while 100,000 pods are derived; `flush()` then finds the rest.
   */
  deriveSome(budgetMs: number): boolean {
    if (this.dirty.size === 0) return true;
    this.counters.applyLagSeconds = this.deriveMarked(this.dirty, budgetMs, false) / 1000;
    return this.dirty.size === 0;
  }

  /**
   * Derives pods with only new metrics samples or Prometheus figures until `budgetMs` of work has
   * passed, at least one; true when none are left. A poll's pods are derived this way between the
   * fan-out's ticks (see `applyMetricsInSlices`), rather than 2,000 of them inside a tick.
   */
  deriveMetricsSome(budgetMs: number): boolean {
    if (this.dirtyFigures.size === 0) return true;
    this.counters.applyLagSeconds = Math.max(this.counters.applyLagSeconds, this.deriveMarked(this.dirtyFigures, budgetMs, true) / 1000);
    return this.dirtyFigures.size === 0;
  }

  /**
   * Derives the pods `marked` holds, in order, until `budgetMs` of work has passed, at least one:
   * fully (and out of both marks), or for its figures alone (out of that mark only). Returns the
   * longest a derived pod had waited (ms).
   */
  private deriveMarked(marked: Map<string, number> | Map<string, FigureMark>, budgetMs: number, figuresOnly: boolean): number {
    const work = this.options.workClock ?? (() => performance.now());
    const start = work();
    const now = this.options.now();
    const facts = this.clusterFacts();
    let lag = 0;
    for (const [uid, mark] of marked) {
      lag = Math.max(lag, now - (typeof mark === 'number' ? mark : mark.at));
      if (!figuresOnly) this.dirty.delete(uid);
      this.dirtyFigures.delete(uid);
      this.deriveOne(uid, facts, now, typeof mark === 'number' ? undefined : mark);
      if (work() - start >= budgetMs) break;
    }
    this.pending.summaryChanged = true;
    return lag;
  }

  /** Pods waiting to be derived because their status or events changed. */
  get derivationBacklog(): number {
    return this.dirty.size;
  }

  /** Pods waiting to be derived again for new metrics samples or Prometheus figures. */
  get metricsBacklog(): number {
    return this.dirtyFigures.size;
  }

  /** Derives one pod: fully, or for what `figures` says changed (new samples, Prometheus figures). */
  private deriveOne(uid: string, facts: ClusterFacts, now: number, figures?: FiguresChanged): void {
    const entry = this.entries.get(uid);
    if (!entry) return;
    const before = entry.derived;
    let derived: Derived | undefined;
    try {
      const events = eventsOf(entry, this.events.get(entry.key));
      const thresholds = this.options.findingThresholds;
      derived = figures ? deriveFigures(entry, events, facts, now, figures, this.shared, thresholds) : derive(entry, events, facts, now, thresholds);
    } catch {
      // lib/model promises not to throw; if it does, the pod keeps its previous derivation.
    }
    if (before && derived && keptFindings(before, derived)) {
      this.keepFindings(entry, before, derived);
      return;
    }
    if (entry.counted) this.totals.remove(entry.counted);
    const rowBefore = before?.row;
    if (derived) entry.derived = shareDerived(derived, this.shared, before);
    entry.counted = contributionOf(entry);
    if (entry.counted) this.totals.add(entry.counted);
    if (entry.deletedAt === undefined && entry.derived) this.options.history?.findings(uid, entry.derived.findings, now);
    this.pending.touched.add(uid);
    // Lists are told only when the row changed: most derivations (new samples above all) leave it alone.
    if (!isSameRow(rowBefore, entry.derived?.row)) {
      this.pending.upserts.add(uid);
      this.rowsChanged += 1;
    }
    if (rowBefore === undefined && entry.derived) this.pending.added.add(uid);
    const recheckAt = now + (this.options.recheckEveryMs ?? 15_000);
    const settled = entry.deletedAt !== undefined || !entry.derived || isSettled(entry.derived.row);
    if (figures) {
      // The time-sensitive rules did not run: a recheck already due stays due (new samples every
      // 10 s must not put it off for ever).
      if (settled) this.recheck.delete(uid);
      else if (!this.recheck.has(uid)) this.recheck.set(uid, recheckAt);
      return;
    }
    this.recheck.delete(uid);
    if (!settled) this.recheck.set(uid, recheckAt);
  }

  /**
   * New figures that left the pod's findings and row as they were: only its fleet share changed.
   * The totals take the difference; lists, the history store and the recheck have nothing new.
   */
  private keepFindings(entry: PodEntry, before: Derived, next: Derived): void {
    entry.derived = next;
    const counted = entry.countedAs;
    if (counted && next.fleet !== before.fleet) this.totals.replaceFleet(entry.namespace, counted.workload, before.fleet, next.fleet);
    this.pending.touched.add(entry.uid);
  }

  /**
   * Puts pods read back from the history store in place before the first list: they show at
   * once, and the list then either updates them (one timeline, the gap marked) or, for those
   * gone, closes them at their last-seen time. Events and samples come with them; nothing is
   * written back.
   */
  restore(pods: readonly RestoredPod[], events: readonly EventDigest[]): void {
    const now = this.options.now();
    for (const pod of pods) {
      const { digest } = pod;
      if (this.entries.has(digest.uid)) continue;
      shareDigest(digest, this.shared);
      const key = keyOf(digest);
      if (this.live.has(key)) continue;
      const entry = new PodEntry(digest, this.shared, pod.observations, pod.samples);
      entry.restoredLastSeen = pod.lastSeen;
      this.entries.set(digest.uid, entry);
      this.live.set(entry.key, digest.uid);
      this.markDirty(digest.uid, now);
    }
    for (const event of events) {
      const key = `${event.namespace}/${event.podName}`;
      const list = this.events.get(key) ?? [];
      list.push(event);
      const max = this.options.maxEventsPerPod ?? 50;
      if (list.length > max) list.splice(0, list.length - max);
      this.events.set(key, list);
    }
  }

  /** Sets the history store's state; a change reaches the summary, and a pause the status line. */
  setHistory(view: HistoryView): void {
    if (JSON.stringify(view) === JSON.stringify(this.history)) return;
    this.history = view;
    this.noteDegraded('history', view.state === 'paused' ? `History paused: ${view.reason ?? 'write failed'}` : undefined);
    this.pending.summaryChanged = true;
  }

  /** Records a period nothing watched (timelines cut their states there). */
  addGap(gap: WatchGap): void {
    this.gaps.push(gap);
    if (this.gaps.length > MAX_GAPS) this.gaps.splice(0, this.gaps.length - MAX_GAPS);
  }

  /** Flushes and hands over what changed since the previous call (for the stream fan-out). */
  takeChanges(): ChangeSet {
    this.flush();
    const { upserts, touched, removes, summaryChanged, added } = this.pending;
    this.pending = emptyPending();
    const rows: PodRow[] = [];
    for (const uid of upserts) {
      const row = this.entries.get(uid)?.derived?.row;
      if (row) rows.push(row);
    }
    return { upserts: rows, removes: [...removes], summaryChanged, changed: touched, added };
  }

  /** True once the first full pod list has been applied (every allowed namespace's, with an allow-list). */
  isReady(): boolean {
    return this.status.hasSynced();
  }
}

/** A pod marked for its figures alone: when, and which changed. */
type FigureMark = FiguresChanged & { at: number };

function emptyPending(): { upserts: Set<string>; touched: Set<string>; removes: Set<string>; added: Set<string>; summaryChanged: boolean } {
  return { upserts: new Set(), touched: new Set(), removes: new Set(), added: new Set(), summaryChanged: false };
}

function isSameRow(a: PodRow | undefined, b: PodRow | undefined): boolean {
  return a !== undefined && b !== undefined && sameData(a, b);
}

/**
 * A pod no rule can judge differently with time alone: none of its findings is
 * {@link TIME_SENSITIVE_FINDINGS}, and it is done (Succeeded, Failed) or running with every
 * container ready. (A fleet of legacy sidecars, each pod with its `legacy-sidecar` finding, is
 * settled: nothing is derived again for it.)
 */
function isSettled(row: PodRow): boolean {
  if (row.findingIds.some((id) => TIME_SENSITIVE_FINDINGS.has(id))) return false;
  if (row.phase === 'Succeeded' || row.phase === 'Failed') return true;
  if (row.phase !== 'Running') return false;
  const [ready, total] = row.ready.split('/');
  return ready === total;
}
