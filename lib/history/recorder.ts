/**
 * The hub's history sink: the hub tells it what it applied (versions, deletions, events, samples,
 * findings after each derivation, connection state); the recorder buffers and writes one batch per
 * `flush()` in a transaction. A failing write (disk full, I/O error) pauses history, never the
 * live view: the buffer is kept up to a bound and retried; if the bound is passed, what was lost
 * is recorded as a `history-paused` gap once writes succeed again. The same bound holds while a
 * write is in flight (the SQLite store writes in a worker thread, so the hub goes on recording
 * meanwhile): a store that falls that far behind pauses history with the reason `writes fell
 * behind`, the buffer is dropped and counted, and the gap is recorded when the write completes.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import type { EventDigest, Finding, MetricsSample, ObservationsInput, PodDigest, StreamStatusLike } from './sink-types';
import { describeWriteError } from './errors';
import { giveWay } from '../server/foreground';
import {
  SHARED_PARTS,
  batchSize,
  emptyBatch,
  splitBatch,
  type HistoryBatch,
  type HistoryGap,
  type HistoryStore,
  type PodRecord,
  type SharedPart,
} from './types';

export interface HistoryState {
  state: 'recording' | 'paused';
  reason?: string;
  since?: number;
}

export interface RecorderCounters {
  writes: number;
  errors: number;
  records: number;
  droppedRecords: number;
  /** Seconds the oldest record of the last written batch waited, plus the write. */
  lagSeconds: number;
  /**
   * Milliseconds the last batch held the event loop: the longest synchronous part of one chunk's
   * `write` (the whole transaction for a store on the main thread; handing the chunk to the worker
   * for {@link SqliteWorkerStore}).
   */
  lastWriteMs: number;
}

export interface RecorderOptions {
  now: () => number;
  /**
   * Records kept while writes fail or one is still in flight (default 200,000); beyond, they are
   * dropped (counted in `droppedRecords`) and a gap recorded. While a write is merely in flight, the
   * pods' own records (one per pod, coalesced) are not counted: the first list of a large cluster
   * is not a store falling behind.
   */
  maxBuffered?: number;
  /** While paused, how often to try again (default 10 s). */
  retryMs?: number;
  /**
   * A pod's observations (its transitions, a few KB) are written at most this often (default 60 s),
   * at its deletion, and on `flush({ all: true })` at shutdown: writing them with every version
   * multiplied the bytes written by seven at 1,000 updates/s. After a crash, up to this much of
   * the latest transitions is lost; the versions are not.
   */
  observationsEveryMs?: number;
  /** Records per transaction (default 500): the event loop is free between transactions. */
  chunk?: number;
  log?: (line: string) => void;
}

const findingKey = (f: Finding): string => (f.container ? `${f.id}/${f.container}` : f.id);

/** Where a kept finding had its pod's own namespace, name or uid. */
const POD = '\u0000pod';

/**
 * A pod's open findings, and the namespace and name they were kept without: two exactly sized
 * arrays (the findings, pod-less and shared; when each was raised), the key read from the finding.
 */
interface OpenPod {
  readonly namespace?: string;
  readonly pod?: string;
  readonly findings: readonly Finding[];
  readonly raisedAt: readonly number[];
}

/** A kept finding as it was derived for the pod `uid`. */
function render(kept: Finding, pod: OpenPod, uid: string): Finding {
  return {
    ...kept,
    namespace: kept.namespace === POD ? (pod.namespace ?? '') : kept.namespace,
    pod: kept.pod === POD ? (pod.pod ?? '') : kept.pod,
    podUid: kept.podUid === POD ? uid : kept.podUid,
  };
}

/** Whether `kept` is `finding` without the pod's own namespace, name and uid (values compared by identity). */
function samePodless(kept: Finding, finding: Finding, pod: OpenPod, uid: string): boolean {
  const a = kept as unknown as Record<string, unknown>;
  const b = finding as unknown as Record<string, unknown>;
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  for (const key of keys) {
    const own = key === 'namespace' ? pod.namespace : key === 'pod' ? pod.pod : key === 'podUid' ? uid : undefined;
    const expected = own !== undefined && b[key] === own ? POD : b[key];
    if (a[key] !== expected) return false;
  }
  return true;
}

/**
 * What tells one pod's observations from its last ones cheaply: their counts, and whether a
 * deletion was seen, as one small integer (a string of them cost about 30 B a pod more).
 */
function markOf(observations: ObservationsInput): number {
  if ('transitionsKept' in observations) return markWith(observations.transitionsKept, observations.terminationsKept, observations.hasFirstDeletion);
  return markWith(observations.transitions.length, observations.terminations.length, observations.firstDeletion !== undefined);
}

function markWith(transitions: number, terminations: number, deletion: boolean): number {
  return (transitions * 65_536 + terminations) * 2 + (deletion ? 1 : 0);
}

export class HistoryRecorder {
  private batch: HistoryBatch = emptyBatch();
  private readonly pods = new Map<string, PodRecord>();
  private oldestPending?: number;
  private partHashes = new WeakMap<object, string>();
  private readonly writtenTemplates = new Set<string>();
  private readonly observationMarks = new Map<string, number>();
  /** Pods whose latest observations wait for their interval, and when each was last written. */
  private readonly pendingObservations = new Map<string, { record: PodRecord; observations: ObservationsInput }>();
  private readonly observationsWrittenAt = new Map<string, number>();
  /**
   * Open findings per pod: key, when raised, and the finding as last derived, kept without the
   * pod's namespace, name and uid (see {@link OpenPod}) so that pods raising the same finding
   * share one object.
   */
  private readonly open = new Map<string, OpenPod>();
  /** The pod-less findings kept, by their evidence list (shared by the hub's pods of one template); checked field by field. */
  private podless = new WeakMap<object, Finding>();
  private paused?: { reason: string; since: number; lostSince?: number; nextTry: number };
  /** A flush is waiting for the store: records arriving meanwhile are bounded by {@link bound}. */
  private inFlight = false;
  /** Set by {@link flushSync}: the store is about to close. */
  private closing = false;
  /** The chunks of the flush in flight still to write. */
  private writing: HistoryBatch[] = [];
  /** The first of {@link writing} is with the store (between a send and its chunk's shift). */
  private firstSent = false;
  private cutSince?: number;
  private cutStale = false;
  private heartbeat?: number;
  readonly counters: RecorderCounters = { writes: 0, errors: 0, records: 0, droppedRecords: 0, lagSeconds: 0, lastWriteMs: 0 };

  constructor(
    readonly store: HistoryStore,
    private readonly options: RecorderOptions,
  ) {}

  private touch(now: number): void {
    this.oldestPending ??= now;
  }

  /** After each record: while a write is in flight or failing, what waits stays within the bound. */
  private check(now: number): void {
    if (this.inFlight || this.paused) this.bound(now);
  }

  private hashOf(part: SharedPart, value: object): string {
    let hash = this.partHashes.get(value);
    if (hash === undefined) {
      const body = JSON.stringify(value);
      hash = `${part}:${createHash('sha1').update(body).digest('base64url')}`;
      this.partHashes.set(value, hash);
      if (!this.writtenTemplates.has(hash)) {
        if (this.writtenTemplates.size > 100_000) this.writtenTemplates.clear();
        this.writtenTemplates.add(hash);
        this.batch.templates.push({ hash, body });
      }
    }
    return hash;
  }

  /** A new version of a pod was applied (with the observations it produced). */
  podSeen(digest: PodDigest, observations: ObservationsInput | undefined, at: number): void {
    this.touch(at);
    const parts: Partial<Record<SharedPart, string>> = {};
    const rest: Record<string, unknown> = { ...digest };
    for (const part of SHARED_PARTS) {
      const value = digest[part];
      if (value === undefined) continue;
      parts[part] = this.hashOf(part, value);
      delete rest[part];
    }
    this.batch.versions.push({ uid: digest.uid, rv: digest.resourceVersion ?? `obs:${at}`, at, parts, body: JSON.stringify(rest) });
    const record: PodRecord = this.pods.get(digest.uid) ?? {
      uid: digest.uid,
      namespace: digest.namespace,
      name: digest.name,
      workload: digest.workload,
      firstSeen: at,
      lastSeen: at,
    };
    record.lastSeen = at;
    record.workload = digest.workload;
    const mark = observations ? markOf(observations) : -1;
    if (observations && this.observationMarks.get(digest.uid) !== mark) {
      this.observationMarks.set(digest.uid, mark);
      const written = this.observationsWrittenAt.get(digest.uid);
      if (written === undefined || at - written >= (this.options.observationsEveryMs ?? 60_000)) {
        record.observations = JSON.stringify(observations);
        this.observationsWrittenAt.set(digest.uid, at);
        this.pendingObservations.delete(digest.uid);
      } else {
        this.pendingObservations.set(digest.uid, { record: { ...record, observations: undefined }, observations });
      }
    }
    this.pods.set(digest.uid, record);
    this.check(at);
  }

  /** Observations whose interval has passed (all of them with `all`) join the batch. */
  private takeObservations(now: number, all: boolean): void {
    const every = this.options.observationsEveryMs ?? 60_000;
    for (const [uid, pending] of this.pendingObservations) {
      if (!all && now - (this.observationsWrittenAt.get(uid) ?? 0) < every) continue;
      const record = this.pods.get(uid) ?? pending.record;
      record.observations = JSON.stringify(pending.observations);
      this.pods.set(uid, record);
      this.observationsWrittenAt.set(uid, now);
      this.pendingObservations.delete(uid);
    }
  }

  /** The pod is gone: `observed` by the watch, or found gone after a gap (`last-seen`). */
  podDeleted(uid: string, at: number, kind: 'observed' | 'last-seen', observations?: ObservationsInput): void {
    this.touch(at);
    const pending = this.pods.get(uid) ?? this.pendingObservations.get(uid)?.record;
    if (observations) this.pods.set(uid, { ...(pending ?? this.podStub(uid, at)), observations: JSON.stringify(observations) });
    this.batch.deletions.push({ uid, at, kind });
    const open = this.open.get(uid);
    open?.findings.forEach((kept, i) =>
      this.batch.cleared.push({ uid, key: findingKey(kept), raisedAt: open.raisedAt[i] ?? at, clearedAt: at, finding: render(kept, open, uid) }),
    );
    this.open.delete(uid);
    this.observationMarks.delete(uid);
    this.pendingObservations.delete(uid);
    this.observationsWrittenAt.delete(uid);
    this.check(at);
  }

  private podStub(uid: string, at: number): PodRecord {
    return { uid, namespace: '', name: '', workload: { kind: '', name: '' }, firstSeen: at, lastSeen: at };
  }

  event(event: EventDigest, at: number): void {
    this.touch(at);
    const key = event.uid ?? `${event.namespace}/${event.podName}/${event.reason}/${event.container ?? ''}/${event.firstAt ?? ''}`;
    this.batch.events.push({ key, event });
    this.check(at);
  }

  sample(uid: string, sample: MetricsSample, at: number): void {
    this.touch(at);
    for (const [container, c] of Object.entries(sample.containers))
      this.batch.samples.push({ uid, at: sample.at, container, cpuMilli: c.cpuMilli, memoryBytes: c.memoryBytes });
    this.check(at);
  }

  /** The findings of a pod after a derivation: raised ones recorded, missing ones cleared. */
  findings(uid: string, findings: readonly Finding[], at: number): void {
    const before = this.open.get(uid);
    if (findings.length === 0 && !before) return;
    const own = before ? undefined : findings.find((f) => f.podUid === uid);
    const pod: OpenPod = before ?? { namespace: own?.namespace, pod: own?.pod, findings: [], raisedAt: [] };
    const keys = findings.map(findingKey);
    const heldKeys = pod.findings.map(findingKey);
    const raisedAt = keys.map((key, i) => {
      const held = heldKeys.indexOf(key);
      if (held >= 0) return pod.raisedAt[held] ?? at;
      this.touch(at);
      this.batch.raised.push({ uid, key, raisedAt: at, finding: findings[i]! });
      return at;
    });
    pod.findings.forEach((kept, i) => {
      if (keys.includes(heldKeys[i]!)) return;
      this.touch(at);
      this.batch.cleared.push({ uid, key: heldKeys[i]!, raisedAt: pod.raisedAt[i] ?? at, clearedAt: at, finding: render(kept, pod, uid) });
    });
    if (findings.length > 0) this.open.set(uid, { namespace: pod.namespace, pod: pod.pod, findings: findings.map((f) => this.keep(f, pod, uid)), raisedAt });
    else this.open.delete(uid);
    this.check(at);
  }

  /** `finding` without the pod's own namespace, name and uid, shared with the pods that raised the same. */
  private keep(finding: Finding, pod: OpenPod, uid: string): Finding {
    const shareBy: unknown = finding.evidence;
    const known = typeof shareBy === 'object' && shareBy !== null ? this.podless.get(shareBy) : undefined;
    if (known && samePodless(known, finding, pod, uid)) return known;
    const podless: Finding = {
      ...finding,
      namespace: finding.namespace === pod.namespace ? POD : finding.namespace,
      pod: finding.pod === pod.pod ? POD : finding.pod,
      podUid: finding.podUid === uid ? POD : finding.podUid,
    };
    if (typeof shareBy === 'object' && shareBy !== null) this.podless.set(shareBy, podless);
    return podless;
  }

  /** Findings already open in the store (after a restart): kept, not raised again. */
  restoreOpenFindings(spans: readonly { uid: string; key: string; raisedAt: number; finding: Finding }[]): void {
    for (const s of spans) {
      const pod = this.open.get(s.uid) ?? { namespace: s.finding.namespace, pod: s.finding.pod, findings: [], raisedAt: [] };
      const other = pod.findings.map((f, i) => (findingKey(f) === s.key ? -1 : i)).filter((i) => i >= 0);
      this.open.set(s.uid, {
        namespace: pod.namespace,
        pod: pod.pod,
        findings: [...other.map((i) => pod.findings[i]!), this.keep(s.finding, pod, s.uid)],
        raisedAt: [...other.map((i) => pod.raisedAt[i]!), s.raisedAt],
      });
    }
  }

  /** A gap known directly (the process was down). */
  gap(gap: HistoryGap): void {
    this.touch(gap.to);
    this.batch.gaps.push(gap);
  }

  /**
   * The hub's connection state: a cut or stale watch opens a gap, closed when connected again;
   * the heartbeat advances only while connected, so a crash during a cut starts the next
   * "process down" gap where watching stopped.
   */
  observeStatus(status: StreamStatusLike, now: number): HistoryGap | undefined {
    if (status.state === 'connected') {
      let closed: HistoryGap | undefined;
      if (this.cutSince !== undefined) {
        closed = { from: this.cutSince, to: now, reason: this.cutStale ? 'stale' : 'watch-cut' };
        this.gap(closed);
        this.cutSince = undefined;
        this.cutStale = false;
      }
      this.heartbeat = Math.max(this.heartbeat ?? now, now);
      return closed;
    }
    if (status.state === 'reconnecting' || status.state === 'stale' || status.state === 'forbidden') {
      if (this.cutSince === undefined && this.heartbeat !== undefined) this.cutSince = status.since ?? now;
      if (status.state === 'stale') this.cutStale = true;
    }
    return undefined;
  }

  /**
   * Records waiting for the next write, beside the pods' own rows (one per pod, coalesced): after
   * any call, no more than the bound while a write is in flight or failing.
   */
  get buffered(): number {
    return batchSize(this.batch);
  }

  get state(): HistoryState {
    return this.paused ? { state: 'paused', reason: this.paused.reason, since: this.paused.since } : { state: 'recording' };
  }

  /**
   * What the next flush writes, cut into chunks, and the buffer emptied (undefined: nothing to
   * write). Kept out of {@link flush}: an async function's frame would hold the whole batch until
   * its last chunk is written.
   */
  private take(now: number, all: boolean): { chunks: HistoryBatch[]; templates: HistoryBatch['templates']; size: number; lost?: number } | undefined {
    this.takeObservations(now, all);
    const batch = this.batch;
    batch.pods = [...this.pods.values()];
    if (this.heartbeat !== undefined) batch.heartbeat = this.heartbeat;
    const lost = this.paused?.lostSince;
    if (this.paused && lost !== undefined) {
      batch.gaps.push({ from: lost, to: now, reason: 'history-paused' });
      this.paused.lostSince = undefined;
    }
    const size = batchSize(batch);
    if (size === 0 && batch.heartbeat === undefined) return undefined;
    this.batch = emptyBatch();
    this.pods.clear();
    return { chunks: splitBatch(batch, this.options.chunk ?? 500), templates: batch.templates, size, ...(lost === undefined ? {} : { lost }) };
  }

  /** Hands the first of `chunks` to the store (no local of the async {@link flush} ever holds a chunk). */
  private send(chunks: HistoryBatch[]): { written: Promise<void>; ms: number } {
    const started = performance.now();
    const written = this.store.write(chunks[0] ?? emptyBatch());
    return { written, ms: performance.now() - started };
  }

  /** Records of the flush in flight not written yet (the flush holds no others). */
  get unwritten(): number {
    return this.writing.reduce((sum, chunk) => sum + batchSize(chunk), 0);
  }

  /**
   * Writes what is buffered, in transactions of at most `chunk` records with the event loop free
   * between them; on failure history pauses and retries later. `all` (at shutdown) writes every
   * pending observation too.
   */
  async flush(options: { all?: boolean } = {}): Promise<void> {
    const now = this.options.now();
    if (this.inFlight) {
      // One write at a time; what arrives meanwhile waits for the next flush, within the bound.
      this.bound(now);
      return;
    }
    if (this.paused && now < this.paused.nextTry) {
      this.bound(now);
      return;
    }
    const taken = this.take(now, options.all ?? false);
    if (!taken) return;
    const { chunks, templates, size, lost } = taken;
    const oldest = this.oldestPending ?? now;
    this.oldestPending = undefined;
    let longest = 0;
    this.inFlight = true;
    this.writing = chunks;
    try {
      // Each chunk is let go of once written: the flush holds only what is still to write (the first
      // list of a large cluster is 100,000 versions of about 1 KB each).
      while (chunks.length > 0) {
        // A failing chunk stays first in `chunks`: it goes back with the rest.
        const sent = this.send(chunks);
        this.firstSent = true;
        longest = Math.max(longest, sent.ms);
        await sent.written;
        chunks.shift();
        this.firstSent = false;
        if (chunks.length > 0) await giveWay();
      }
      // Closed meanwhile: flushSync wrote (and counted) the rest.
      if (this.closing) return;
      this.counters.lastWriteMs = longest;
      this.counters.writes += 1;
      this.counters.records += size;
      this.counters.lagSeconds = (now - oldest) / 1000 + this.counters.lastWriteMs / 1000;
      if (this.paused?.lostSince !== undefined) {
        // More was dropped while this batch was written: the next flush records that gap, then resumes.
        this.paused.nextTry = 0;
      } else if (this.paused) {
        (this.options.log ?? (() => undefined))(`history: writes resumed after "${this.paused.reason}"`);
        this.paused = undefined;
      }
    } catch (error) {
      // At shutdown the store is closed under the chunk in flight, which it took before the last
      // batch (see flushSync): nothing to retry, and no pause to report.
      if (this.closing) return;
      this.counters.errors += 1;
      const reason = describeWriteError(error);
      if (!this.paused) (this.options.log ?? (() => undefined))(`history paused: ${reason}; the live view goes on, writes are retried`);
      this.paused = { reason, since: this.paused?.since ?? now, lostSince: lost ?? this.paused?.lostSince, nextTry: now + (this.options.retryMs ?? 10_000) };
      // Chunks written before the failure are on disk; the rest (templates of the batch included, they are idempotent) go back.
      this.restore(mergeBatches([{ ...emptyBatch(), templates }, ...chunks]), oldest);
      this.bound(now);
    } finally {
      this.inFlight = false;
      this.writing = [];
      this.firstSent = false;
    }
  }

  /**
   * At shutdown, when the store can write synchronously (SQLite): everything buffered, every
   * pending observation, in one transaction, before the caller closes the store. Errors are
   * counted; nothing is retried. A flush in flight has its first chunk with the store already (the
   * writer takes calls in order, so that chunk is written before this one); the chunks it has not
   * sent yet are written here, and the flush ends once its first chunk is written.
   */
  flushSync(): void {
    const store = this.store as Partial<{ writeSync(batch: HistoryBatch): void }>;
    if (typeof store.writeSync !== 'function') {
      void this.flush({ all: true });
      return;
    }
    this.closing = true;
    // Between two chunks (the flush giving way), none is with the store: all go here. The
    // templates of the chunk in flight go again too (idempotent): should it fail, the versions
    // written here still find theirs.
    const inFlight = this.firstSent ? this.writing[0] : undefined;
    const unsent = this.writing.splice(inFlight ? 1 : 0);
    this.takeObservations(this.options.now(), true);
    const batch = unsent.length === 0 ? this.batch : mergeBatches([{ ...emptyBatch(), templates: inFlight?.templates ?? [] }, ...unsent, this.batch]);
    append(batch.pods, this.pods.values());
    if (this.heartbeat !== undefined) batch.heartbeat = this.heartbeat;
    this.batch = emptyBatch();
    this.pods.clear();
    try {
      store.writeSync(batch);
      this.counters.writes += 1;
      this.counters.records += batchSize(batch);
    } catch {
      this.counters.errors += 1;
    }
  }

  /** Puts a failed batch back in front of what arrived since. */
  private restore(failed: HistoryBatch, oldest: number): void {
    const b = this.batch;
    failed.gaps = failed.gaps.filter((g) => g.reason !== 'history-paused');
    for (const key of Object.keys(b) as (keyof HistoryBatch)[]) {
      const a = failed[key];
      const c = b[key];
      if (Array.isArray(a) && Array.isArray(c)) append(a as unknown[], c);
    }
    for (const p of failed.pods) if (!this.pods.has(p.uid)) this.pods.set(p.uid, p);
    failed.pods = [];
    // Templates may never have reached the disk.
    for (const t of failed.templates) this.writtenTemplates.delete(t.hash);
    this.batch = failed;
    this.oldestPending = Math.min(oldest, this.oldestPending ?? oldest);
  }

  private bound(now: number): void {
    const max = this.options.maxBuffered ?? 200_000;
    const size = batchSize(this.batch) + (this.paused ? this.pods.size : 0);
    if (size <= max || (!this.paused && !this.inFlight)) return;
    if (!this.paused) {
      this.paused = { reason: 'writes fell behind', since: now, nextTry: 0 };
      (this.options.log ?? (() => undefined))(
        `history paused: writes fell behind (more than ${max} records waiting for the store); the live view goes on, what waited is dropped and the gap recorded`,
      );
    }
    this.counters.droppedRecords += batchSize(this.batch) + this.pods.size;
    this.paused.lostSince ??= this.oldestPending ?? now;
    this.batch = emptyBatch();
    this.pods.clear();
    this.observationMarks.clear();
    // Templates dropped with the buffer must be written again.
    this.partHashes = new WeakMap();
    this.writtenTemplates.clear();
  }
}

/** `target.push(...source)` without spreading: a batch of 200,000 records is past what a call's arguments hold. */
function append<T>(target: T[], source: Iterable<T>): void {
  for (const item of source) target.push(item);
}

function mergeBatches(batches: HistoryBatch[]): HistoryBatch {
  const out = emptyBatch();
  for (const b of batches) {
    for (const key of Object.keys(out) as (keyof HistoryBatch)[]) {
      const target = out[key];
      const source = b[key];
      if (Array.isArray(target) && Array.isArray(source)) append(target as unknown[], source);
    }
    if (b.heartbeat !== undefined) out.heartbeat = b.heartbeat;
  }
  return out;
}
