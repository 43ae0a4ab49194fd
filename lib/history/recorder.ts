/**
 * The hub's history sink: the hub tells it what it applied (versions, deletions, events, samples,
 * findings after each derivation, connection state); the recorder buffers and writes one batch per
 * `flush()` in a transaction. A failing write (disk full, I/O error) pauses history, never the
 * live view: the buffer is kept up to a bound and retried; if the bound is passed, what was lost
 * is recorded as a `history-paused` gap once writes succeed again.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import type { EventDigest, Finding, MetricsSample, PodDigest, PodObservations, StreamStatusLike } from './sink-types';
import { describeWriteError } from './errors';
import { SHARED_PARTS, batchSize, emptyBatch, type HistoryBatch, type HistoryGap, type HistoryStore, type PodRecord, type SharedPart } from './types';

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
  /** Milliseconds the last batch held the event loop. */
  lastWriteMs: number;
}

export interface RecorderOptions {
  now: () => number;
  /** Records kept while writes fail (default 200,000); beyond, they are dropped and a gap recorded. */
  maxBuffered?: number;
  /** While paused, how often to try again (default 10 s). */
  retryMs?: number;
  log?: (line: string) => void;
}

const findingKey = (f: Finding): string => (f.container ? `${f.id}/${f.container}` : f.id);

export class HistoryRecorder {
  private batch: HistoryBatch = emptyBatch();
  private readonly pods = new Map<string, PodRecord>();
  private oldestPending?: number;
  private partHashes = new WeakMap<object, string>();
  private readonly writtenTemplates = new Set<string>();
  private readonly observationMarks = new Map<string, string>();
  /** Open findings per pod: key → when raised, and the finding as last derived. */
  private readonly open = new Map<string, Map<string, { raisedAt: number; finding: Finding }>>();
  private paused?: { reason: string; since: number; lostSince?: number; nextTry: number };
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
  podSeen(digest: PodDigest, observations: PodObservations | undefined, at: number): void {
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
    const record: PodRecord = this.pods.get(digest.uid) ?? { uid: digest.uid, namespace: digest.namespace, name: digest.name, workload: digest.workload, firstSeen: at, lastSeen: at };
    record.lastSeen = at;
    record.workload = digest.workload;
    const mark = observations ? `${observations.transitions.length}/${observations.terminations.length}/${observations.firstDeletion ? 1 : 0}` : '';
    if (observations && this.observationMarks.get(digest.uid) !== mark) {
      this.observationMarks.set(digest.uid, mark);
      record.observations = JSON.stringify(observations);
    }
    this.pods.set(digest.uid, record);
  }

  /** The pod is gone: `observed` by the watch, or found gone after a gap (`last-seen`). */
  podDeleted(uid: string, at: number, kind: 'observed' | 'last-seen', observations?: PodObservations): void {
    this.touch(at);
    const pending = this.pods.get(uid);
    if (pending && observations) pending.observations = JSON.stringify(observations);
    else if (observations && kind === 'observed') this.pods.set(uid, { ...this.podStub(uid, at), observations: JSON.stringify(observations) });
    this.batch.deletions.push({ uid, at, kind });
    for (const [key, open] of this.open.get(uid) ?? []) this.batch.cleared.push({ uid, key, raisedAt: open.raisedAt, clearedAt: at, finding: open.finding });
    this.open.delete(uid);
    this.observationMarks.delete(uid);
  }

  private podStub(uid: string, at: number): PodRecord {
    return { uid, namespace: '', name: '', workload: { kind: '', name: '' }, firstSeen: at, lastSeen: at };
  }

  event(event: EventDigest, at: number): void {
    this.touch(at);
    const key = event.uid ?? `${event.namespace}/${event.podName}/${event.reason}/${event.container ?? ''}/${event.firstAt ?? ''}`;
    this.batch.events.push({ key, event });
  }

  sample(uid: string, sample: MetricsSample, at: number): void {
    this.touch(at);
    for (const [container, c] of Object.entries(sample.containers)) this.batch.samples.push({ uid, at: sample.at, container, cpuMilli: c.cpuMilli, memoryBytes: c.memoryBytes });
  }

  /** The findings of a pod after a derivation: raised ones recorded, missing ones cleared. */
  findings(uid: string, findings: readonly Finding[], at: number): void {
    const before = this.open.get(uid);
    if (findings.length === 0 && !before) return;
    const now = new Map<string, { raisedAt: number; finding: Finding }>();
    for (const f of findings) {
      const key = findingKey(f);
      const held = before?.get(key);
      if (held) now.set(key, { raisedAt: held.raisedAt, finding: f });
      else {
        this.touch(at);
        now.set(key, { raisedAt: at, finding: f });
        this.batch.raised.push({ uid, key, raisedAt: at, finding: f });
      }
    }
    for (const [key, held] of before ?? []) {
      if (!now.has(key)) {
        this.touch(at);
        this.batch.cleared.push({ uid, key, raisedAt: held.raisedAt, clearedAt: at, finding: held.finding });
      }
    }
    if (now.size > 0) this.open.set(uid, now);
    else this.open.delete(uid);
  }

  /** Findings already open in the store (after a restart): kept, not raised again. */
  restoreOpenFindings(spans: readonly { uid: string; key: string; raisedAt: number; finding: Finding }[]): void {
    for (const s of spans) {
      const map = this.open.get(s.uid) ?? new Map<string, { raisedAt: number; finding: Finding }>();
      map.set(s.key, { raisedAt: s.raisedAt, finding: s.finding });
      this.open.set(s.uid, map);
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

  get state(): HistoryState {
    return this.paused ? { state: 'paused', reason: this.paused.reason, since: this.paused.since } : { state: 'recording' };
  }

  /** Writes what is buffered as one transaction; on failure history pauses and retries later. */
  async flush(): Promise<void> {
    const now = this.options.now();
    if (this.paused && now < this.paused.nextTry) {
      this.bound(now);
      return;
    }
    const batch = this.batch;
    batch.pods = [...this.pods.values()];
    if (this.heartbeat !== undefined) batch.heartbeat = this.heartbeat;
    if (this.paused?.lostSince !== undefined) batch.gaps.push({ from: this.paused.lostSince, to: now, reason: 'history-paused' });
    const size = batchSize(batch);
    if (size === 0 && batch.heartbeat === undefined) return;
    this.batch = emptyBatch();
    this.pods.clear();
    const oldest = this.oldestPending ?? now;
    this.oldestPending = undefined;
    const started = performance.now();
    try {
      await this.store.write(batch);
      this.counters.lastWriteMs = performance.now() - started;
      this.counters.writes += 1;
      this.counters.records += size;
      this.counters.lagSeconds = (now - oldest) / 1000 + this.counters.lastWriteMs / 1000;
      if (this.paused) (this.options.log ?? (() => undefined))(`history: writes resumed after "${this.paused.reason}"`);
      this.paused = undefined;
    } catch (error) {
      this.counters.errors += 1;
      const reason = describeWriteError(error);
      if (!this.paused) (this.options.log ?? (() => undefined))(`history paused: ${reason}; the live view goes on, writes are retried`);
      this.paused = { reason, since: this.paused?.since ?? now, lostSince: this.paused?.lostSince, nextTry: now + (this.options.retryMs ?? 10_000) };
      this.restore(batch, oldest);
      this.bound(now);
    }
  }

  /** Puts a failed batch back in front of what arrived since. */
  private restore(failed: HistoryBatch, oldest: number): void {
    const b = this.batch;
    failed.gaps = failed.gaps.filter((g) => g.reason !== 'history-paused');
    for (const key of Object.keys(b) as (keyof HistoryBatch)[]) {
      const a = failed[key];
      const c = b[key];
      if (Array.isArray(a) && Array.isArray(c)) (a as unknown[]).push(...c);
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
    const size = batchSize(this.batch) + this.pods.size;
    if (size <= max || !this.paused) return;
    this.counters.droppedRecords += size;
    this.paused.lostSince ??= this.oldestPending ?? now;
    this.batch = emptyBatch();
    this.pods.clear();
    this.observationMarks.clear();
    // Templates dropped with the buffer must be written again.
    this.partHashes = new WeakMap();
    this.writtenTemplates.clear();
  }
}
