/**
 * {@link HistoryStore} on SQLite through Node's built-in `node:sqlite` (nothing native to build).
 * One connection, WAL, exclusive lock; a batch is one transaction of prepared statements.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { EventDigest, Finding, PodDigest, PodObservations } from '../model/types';
import { DB_FILE, openSqliteFile, restrictModes, type OpenOptions } from './open-sqlite';
import { observationsAt } from './past';
import type {
  FindingSpan,
  HistoryBatch,
  HistoryGap,
  HistoryStore,
  RetentionPolicy,
  StoreStats,
  StoredPod,
  StoredSample,
  GapReason,
  DeletionKind,
} from './types';

type Row = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : num(v));

export class SqliteHistoryStore implements HistoryStore {
  private readonly db: DatabaseSync;
  private readonly path: string;
  private readonly podIds = new Map<string, number>();
  private readonly templates = new Map<string, unknown>();
  private readonly stmts = new Map<string, StatementSync>();
  private firstWrite = true;

  constructor(
    readonly cluster: string,
    options: OpenOptions,
  ) {
    this.db = openSqliteFile(options);
    this.path = join(options.dir, DB_FILE);
  }

  private q(sql: string): StatementSync {
    let stmt = this.stmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.stmts.set(sql, stmt);
    }
    return stmt;
  }

  /** Caps the database file at about `bytes` (SQLite's max_page_count: tests make the disk "full" with it); `undefined` lifts the cap. */
  capBytes(bytes: number | undefined): void {
    const pages = bytes === undefined ? 4294967294 : Math.max(1, Math.floor(bytes / this.pragma('page_size')));
    this.db.exec(`PRAGMA max_page_count = ${pages}`);
  }

  private podId(uid: string): number | undefined {
    const known = this.podIds.get(uid);
    if (known !== undefined) return known;
    const row = this.q('SELECT id FROM pods WHERE cluster = ? AND uid = ?').get(this.cluster, uid) as Row | undefined;
    if (!row) return undefined;
    const id = num(row.id);
    this.remember(uid, id);
    return id;
  }

  /** Caches a pod's row id; reads of old pods fill this too, so it is bounded like every cache here. */
  private remember(uid: string, id: number): void {
    if (this.podIds.size >= 200_000) this.podIds.clear();
    this.podIds.set(uid, id);
  }

  write(batch: HistoryBatch): Promise<void> {
    this.writeSync(batch);
    return Promise.resolve();
  }

  /** {@link write}, synchronously: for the last batch at shutdown, before the lock is let go. */
  writeSync(batch: HistoryBatch): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.writeInTransaction(batch);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      // Ids cached inside a rolled-back transaction may not exist.
      this.podIds.clear();
      throw error;
    }
    if (this.firstWrite) {
      this.firstWrite = false;
      restrictModes(this.path);
    }
  }

  private writeInTransaction(b: HistoryBatch): void {
    const c = this.cluster;
    for (const t of b.templates) this.q('INSERT OR IGNORE INTO templates (hash, body) VALUES (?, ?)').run(t.hash, t.body);
    const upsertPod = this.q(`INSERT INTO pods (cluster, uid, namespace, name, workload_kind, workload_name, first_seen, last_seen, observations)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (cluster, uid) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen), first_seen = min(first_seen, excluded.first_seen),
        workload_kind = CASE WHEN excluded.workload_kind = '' THEN workload_kind ELSE excluded.workload_kind END,
        workload_name = CASE WHEN excluded.workload_kind = '' THEN workload_name ELSE excluded.workload_name END,
        observations = coalesce(excluded.observations, observations)
      RETURNING id`);
    for (const p of b.pods) {
      const row = upsertPod.get(c, p.uid, p.namespace, p.name, p.workload.kind, p.workload.name, p.firstSeen, p.lastSeen, p.observations ?? null) as Row;
      this.remember(p.uid, num(row.id));
    }
    for (const v of b.versions) {
      const id = this.podId(v.uid);
      if (id !== undefined)
        this.q('INSERT OR IGNORE INTO versions (pod, rv, at, parts, body) VALUES (?, ?, ?, ?, ?)').run(id, v.rv, v.at, JSON.stringify(v.parts), v.body);
    }
    for (const e of b.events) {
      this.q(
        `INSERT INTO events (cluster, key, namespace, pod_name, last_at, body) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (cluster, key) DO UPDATE SET last_at = max(last_at, excluded.last_at), body = excluded.body`,
      ).run(c, e.key, e.event.namespace, e.event.podName, e.event.lastAt ?? e.event.firstAt ?? 0, JSON.stringify(e.event));
    }
    for (const f of b.raised) {
      const id = this.podId(f.uid);
      if (id !== undefined)
        this.q('INSERT OR IGNORE INTO findings (pod, key, raised_at, severity, body) VALUES (?, ?, ?, ?, ?)').run(
          id,
          f.key,
          f.raisedAt,
          f.finding.severity,
          JSON.stringify(f.finding),
        );
    }
    for (const f of b.cleared) {
      const id = this.podId(f.uid);
      if (id !== undefined)
        this.q('UPDATE findings SET cleared_at = ?, body = ? WHERE pod = ? AND key = ? AND raised_at = ? AND cleared_at IS NULL').run(
          f.clearedAt,
          JSON.stringify(f.finding),
          id,
          f.key,
          f.raisedAt,
        );
    }
    for (const s of b.samples) {
      const id = this.podId(s.uid);
      if (id !== undefined)
        this.q('INSERT OR IGNORE INTO samples (pod, res, at, container, cpu, mem) VALUES (?, 0, ?, ?, ?, ?)').run(
          id,
          s.at,
          s.container,
          s.cpuMilli,
          s.memoryBytes,
        );
    }
    for (const d of b.deletions) {
      const id = this.podId(d.uid);
      if (id === undefined) continue;
      this.q('UPDATE pods SET deleted_at = ?, deletion = ?, last_seen = max(last_seen, ?) WHERE id = ? AND deleted_at IS NULL').run(d.at, d.kind, d.at, id);
      this.q('UPDATE findings SET cleared_at = ? WHERE pod = ? AND cleared_at IS NULL').run(d.at, id);
      this.podIds.delete(d.uid);
    }
    for (const g of b.gaps) {
      this.q(
        'INSERT INTO gaps (cluster, from_at, to_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT (cluster, from_at, reason) DO UPDATE SET to_at = max(to_at, excluded.to_at)',
      ).run(c, g.from, g.to, g.reason);
    }
    if (b.heartbeat !== undefined)
      this.q('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`heartbeat:${c}`, String(b.heartbeat));
  }

  lastHeartbeat(): Promise<number | undefined> {
    const row = this.q('SELECT value FROM meta WHERE key = ?').get(`heartbeat:${this.cluster}`) as Row | undefined;
    return Promise.resolve(row ? num(row.value) : undefined);
  }

  private template(hash: string): unknown {
    if (this.templates.has(hash)) return this.templates.get(hash);
    const row = this.q('SELECT body FROM templates WHERE hash = ?').get(hash) as Row | undefined;
    const value: unknown = row ? JSON.parse(str(row.body)) : undefined;
    if (this.templates.size >= 10_000) this.templates.clear();
    this.templates.set(hash, value);
    return value;
  }

  /** Rebuilds a digest from a version row (shared parts read once per template and cached). */
  private toStored(row: Row, at: number): StoredPod {
    const digest = JSON.parse(str(row.body)) as PodDigest;
    const parts = JSON.parse(str(row.parts)) as Record<string, string>;
    const target = digest as unknown as Record<string, unknown>;
    for (const [part, hash] of Object.entries(parts)) target[part] = this.template(hash);
    const deletedAt = optNum(row.deleted_at);
    const stored: StoredPod = { digest, firstSeen: num(row.first_seen), lastSeen: num(row.last_seen) };
    if (deletedAt !== undefined && deletedAt <= at) {
      stored.deletedAt = deletedAt;
      stored.deletion = str(row.deletion) as DeletionKind;
    }
    if (row.observations !== null && row.observations !== undefined)
      stored.observations = observationsAt(JSON.parse(str(row.observations)) as PodObservations, at);
    return stored;
  }

  openPods(): Promise<StoredPod[]> {
    const rows = this.q(
      `SELECT p.*, v.parts, v.body FROM pods p JOIN versions v ON v.pod = p.id
      AND v.at = (SELECT max(at) FROM versions WHERE pod = p.id) WHERE p.cluster = ? AND p.deleted_at IS NULL`,
    ).all(this.cluster) as Row[];
    return Promise.resolve(rows.map((r) => this.toStored(r, Number.MAX_SAFE_INTEGER)));
  }

  podsAt(at: number): Promise<StoredPod[]> {
    const rows = this.q(
      `SELECT p.*, v.parts, v.body FROM pods p JOIN versions v ON v.pod = p.id
      AND v.at = (SELECT max(at) FROM versions WHERE pod = p.id AND at <= ?1)
      WHERE p.cluster = ?2 AND p.first_seen <= ?1 AND (p.deleted_at IS NULL OR p.deleted_at > ?1)`,
    ).all(at, this.cluster) as Row[];
    return Promise.resolve(rows.map((r) => this.toStored(r, at)));
  }

  podAt(uid: string, at: number): Promise<StoredPod | undefined> {
    const row = this.q(
      `SELECT p.*, v.parts, v.body FROM pods p JOIN versions v ON v.pod = p.id
      AND v.at = (SELECT max(at) FROM versions WHERE pod = p.id AND at <= ?1) WHERE p.cluster = ?2 AND p.uid = ?3`,
    ).get(at, this.cluster, uid) as Row | undefined;
    return Promise.resolve(row ? this.toStored(row, at) : undefined);
  }

  uidOf(namespace: string, name: string, at: number): Promise<string | undefined> {
    const row = this.q(
      `SELECT uid FROM pods WHERE cluster = ? AND namespace = ? AND name = ? AND first_seen <= ?
      ORDER BY (deleted_at IS NULL OR deleted_at > ?) DESC, first_seen DESC LIMIT 1`,
    ).get(this.cluster, namespace, name, at, at) as Row | undefined;
    return Promise.resolve(row ? str(row.uid) : undefined);
  }

  findingsBetween(
    from: number,
    to: number,
    filter: { namespace?: string; workload?: { kind: string; name: string }; uid?: string } = {},
  ): Promise<FindingSpan[]> {
    const where = ['p.cluster = ?', 'f.raised_at <= ?', '(f.cleared_at IS NULL OR f.cleared_at > ?)'];
    const args: (string | number)[] = [this.cluster, to, from];
    const and = (clause: string, ...values: string[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (filter.namespace !== undefined) and('p.namespace = ?', filter.namespace);
    if (filter.workload) and('p.workload_kind = ? AND p.workload_name = ?', filter.workload.kind, filter.workload.name);
    if (filter.uid !== undefined) and('p.uid = ?', filter.uid);
    const rows = this.q(
      `SELECT f.*, p.uid, p.namespace, p.name, p.workload_kind, p.workload_name FROM findings f JOIN pods p ON p.id = f.pod
      WHERE ${where.join(' AND ')} ORDER BY f.raised_at`,
    ).all(...args) as Row[];
    return Promise.resolve(
      rows.map((r) => {
        const span: FindingSpan = {
          uid: str(r.uid),
          namespace: str(r.namespace),
          pod: str(r.name),
          workload: { kind: str(r.workload_kind), name: str(r.workload_name) },
          key: str(r.key),
          finding: JSON.parse(str(r.body)) as Finding,
          raisedAt: num(r.raised_at),
        };
        const cleared = optNum(r.cleared_at);
        if (cleared !== undefined) span.clearedAt = cleared;
        return span;
      }),
    );
  }

  events(namespace: string, podName: string, upTo: number): Promise<EventDigest[]> {
    const rows = this.q(`SELECT body FROM events WHERE cluster = ? AND namespace = ? AND pod_name = ? AND last_at <= ? ORDER BY last_at`).all(
      this.cluster,
      namespace,
      podName,
      upTo,
    ) as Row[];
    return Promise.resolve(rows.map((r) => JSON.parse(str(r.body)) as EventDigest));
  }

  samples(uid: string, from: number, to: number): Promise<StoredSample[]> {
    const id = this.podId(uid);
    if (id === undefined) return Promise.resolve([]);
    const rows = this.q('SELECT res, at, container, cpu, mem FROM samples WHERE pod = ? AND at >= ? AND at <= ? ORDER BY at, res').all(id, from, to) as Row[];
    const out: StoredSample[] = [];
    for (const r of rows) {
      const at = num(r.at);
      const resolutionMs = num(r.res);
      let last = out[out.length - 1];
      if (!last || last.at !== at || last.resolutionMs !== resolutionMs) {
        last = { at, resolutionMs, containers: {} };
        out.push(last);
      }
      last.containers[str(r.container)] = { cpuMilli: num(r.cpu), memoryBytes: num(r.mem) };
    }
    return Promise.resolve(out);
  }

  gaps(from: number, to: number): Promise<HistoryGap[]> {
    const rows = this.q('SELECT from_at, to_at, reason FROM gaps WHERE cluster = ? AND from_at <= ? AND to_at >= ? ORDER BY from_at').all(
      this.cluster,
      to,
      from,
    ) as Row[];
    return Promise.resolve(rows.map((r) => ({ from: num(r.from_at), to: num(r.to_at), reason: str(r.reason) as GapReason })));
  }

  enforceRetention(now: number, policy: RetentionPolicy): Promise<{ deletedBytes: number }> {
    const before = this.usedBytes();
    this.inTransaction(() => {
      this.foldSamples(now, policy);
      this.deleteBefore(now - policy.maxAgeMs);
    });
    const oldest = this.oldest();
    // A tenth of the span at a time, oldest first, so the cap never deletes more than it must. A
    // live pod keeps its latest version whatever its age: the present is never deleted.
    const step = oldest === undefined ? 0 : Math.max(60_000, (now - oldest) / 10);
    for (let cut = (oldest ?? now) + step; oldest !== undefined && cut <= now + step && this.usedBytes() > policy.maxBytes; cut += step) {
      const until = cut;
      this.inTransaction(() => this.deleteBefore(until));
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    }
    this.db.exec('PRAGMA incremental_vacuum');
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.podIds.clear();
    return Promise.resolve({ deletedBytes: Math.max(0, before - this.usedBytes()) });
  }

  private inTransaction(fn: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Raw samples older than the raw window become buckets: mean CPU, maximum memory. */
  private foldSamples(now: number, policy: RetentionPolicy): void {
    const cut = Math.floor((now - policy.rawSamplesMs) / policy.bucketMs) * policy.bucketMs;
    const b = Math.floor(policy.bucketMs);
    this.db.exec(`INSERT OR REPLACE INTO samples (pod, res, at, container, cpu, mem)
      SELECT pod, ${b}, (at / ${b}) * ${b}, container, avg(cpu), max(mem) FROM samples WHERE res = 0 AND at < ${cut} GROUP BY pod, at / ${b}, container`);
    this.q('DELETE FROM samples WHERE res = 0 AND at < ?').run(cut);
  }

  /** Deletes what ended before `cut`; a pod still open keeps its latest version. */
  private deleteBefore(cut: number): void {
    const gone = `SELECT id FROM pods WHERE deleted_at IS NOT NULL AND deleted_at < ${Math.floor(cut)}`;
    this.db.exec(`DELETE FROM versions WHERE pod IN (${gone}); DELETE FROM samples WHERE pod IN (${gone}); DELETE FROM findings WHERE pod IN (${gone});`);
    this.q('DELETE FROM pods WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(cut);
    this.q('DELETE FROM versions WHERE at < ?1 AND at < (SELECT max(at) FROM versions v2 WHERE v2.pod = versions.pod)').run(cut);
    this.q('DELETE FROM samples WHERE at < ?').run(cut);
    this.q('DELETE FROM events WHERE last_at < ?').run(cut);
    this.q('DELETE FROM findings WHERE cleared_at IS NOT NULL AND cleared_at < ?').run(cut);
    this.q('DELETE FROM gaps WHERE to_at < ?').run(cut);
  }

  private oldest(): number | undefined {
    const row = this.q(
      'SELECT min(m) AS m FROM (SELECT min(at) AS m FROM versions UNION ALL SELECT min(at) FROM samples UNION ALL SELECT min(last_at) FROM events)',
    ).get() as Row | undefined;
    return optNum(row?.m);
  }

  private usedBytes(): number {
    const page = this.pragma('page_size');
    return (this.pragma('page_count') - this.pragma('freelist_count')) * page + this.walBytes();
  }

  private walBytes(): number {
    try {
      return statSync(`${this.path}-wal`).size;
    } catch {
      return 0;
    }
  }

  private pragma(name: string): number {
    const row = this.db.prepare(`PRAGMA ${name}`).get() as Row | undefined;
    return num(row ? Object.values(row)[0] : 0);
  }

  stats(): Promise<StoreStats> {
    const count = (table: string) => num((this.q(`SELECT count(*) AS n FROM ${table}`).get() as Row).n);
    const stats: StoreStats = { bytes: this.usedBytes(), pods: count('pods'), versions: count('versions'), samples: count('samples') };
    const oldest = this.oldest();
    if (oldest !== undefined) stats.oldest = oldest;
    return Promise.resolve(stats);
  }

  footprint(): Promise<{ bytes: number; oldest?: number }> {
    const oldest = this.oldest();
    return Promise.resolve(oldest === undefined ? { bytes: this.usedBytes() } : { bytes: this.usedBytes(), oldest });
  }

  close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }
}
