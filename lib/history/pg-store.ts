/**
 * {@link HistoryStore} on PostgreSQL, for more than one writer: two replicas behind one ingress,
 * or the instances of several clusters sharing one database. Every write is idempotent on the
 * same keys as SQLite's, so writers need no leader: a version, sample or event written twice is
 * stored once, and a finding already open (raised by another writer) is not raised again.
 *
 * Client: `pg` (node-postgres), the long-standing pure-JavaScript driver (no native build; its
 * optional native binding is not used).
 */
import pg from 'pg';
import type { EventDigest, Finding, PodDigest, PodObservations } from '../model/types';
import { StoreError } from './errors';
import { observationsAt } from './past';
import { PG_MIGRATIONS } from './pg-schema';
import type {
  DeletionKind,
  FindingSpan,
  GapReason,
  HistoryBatch,
  HistoryGap,
  HistoryStore,
  RetentionPolicy,
  StoreStats,
  StoredPod,
  StoredSample,
} from './types';

type Row = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : num(v));

const POD_AT = `SELECT p.*, v.parts, v.body FROM sidecarscope_pods p JOIN LATERAL (
  SELECT parts, body FROM sidecarscope_versions WHERE pod = p.id AND at <= $1 ORDER BY at DESC LIMIT 1) v ON true`;

export class PgHistoryStore implements HistoryStore {
  private readonly templates = new Map<string, unknown>();

  private constructor(
    readonly cluster: string,
    private readonly pool: pg.Pool,
  ) {}

  /** Connects and migrates; refuses a database written by a newer schema. */
  static async open(cluster: string, connectionString: string): Promise<PgHistoryStore> {
    const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 10_000, statement_timeout: 30_000 });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator at a time when several writers start together.
      await client.query('SELECT pg_advisory_xact_lock(5343534301)');
      await client.query('CREATE TABLE IF NOT EXISTS sidecarscope_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const row = (await client.query("SELECT value FROM sidecarscope_meta WHERE key = 'schema'")).rows[0] as Row | undefined;
      const version = row ? num(row.value) : 0;
      if (version > PG_MIGRATIONS.length)
        throw new StoreError(
          'newer-schema',
          `The history database (SIDECARSCOPE_DATABASE_URL) was written by a newer Sidecarscope (schema ${version}, this one knows ${PG_MIGRATIONS.length}); it was left untouched.`,
        );
      for (let v = version; v < PG_MIGRATIONS.length; v += 1) await client.query(PG_MIGRATIONS[v] ?? '');
      await client.query("INSERT INTO sidecarscope_meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [
        String(PG_MIGRATIONS.length),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await pool.end();
      throw error;
    }
    client.release();
    return new PgHistoryStore(cluster, pool);
  }

  async write(b: HistoryBatch): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const q = (sql: string, args: unknown[]) => client.query(sql, args);
      const ids = new Map<string, number>();
      const idOf = async (uid: string) => {
        if (ids.has(uid)) return ids.get(uid);
        const row = (await q('SELECT id FROM sidecarscope_pods WHERE cluster = $1 AND uid = $2', [this.cluster, uid])).rows[0] as Row | undefined;
        const id = row ? num(row.id) : undefined;
        if (id !== undefined) ids.set(uid, id);
        return id;
      };
      for (const t of b.templates) await q('INSERT INTO sidecarscope_templates (hash, body) VALUES ($1, $2) ON CONFLICT DO NOTHING', [t.hash, t.body]);
      for (const p of b.pods) {
        const row = (
          await q(
            `INSERT INTO sidecarscope_pods (cluster, uid, namespace, name, workload_kind, workload_name, first_seen, last_seen, observations)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (cluster, uid) DO UPDATE SET last_seen = GREATEST(sidecarscope_pods.last_seen, excluded.last_seen),
               first_seen = LEAST(sidecarscope_pods.first_seen, excluded.first_seen),
               workload_kind = CASE WHEN excluded.workload_kind = '' THEN sidecarscope_pods.workload_kind ELSE excluded.workload_kind END,
               workload_name = CASE WHEN excluded.workload_kind = '' THEN sidecarscope_pods.workload_name ELSE excluded.workload_name END,
               observations = COALESCE(excluded.observations, sidecarscope_pods.observations)
             RETURNING id`,
            [this.cluster, p.uid, p.namespace, p.name, p.workload.kind, p.workload.name, p.firstSeen, p.lastSeen, p.observations ?? null],
          )
        ).rows[0] as Row;
        ids.set(p.uid, num(row.id));
      }
      for (const v of b.versions) {
        const id = await idOf(v.uid);
        if (id !== undefined)
          await q('INSERT INTO sidecarscope_versions (pod, rv, at, parts, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
            id,
            v.rv,
            v.at,
            JSON.stringify(v.parts),
            v.body,
          ]);
      }
      for (const e of b.events) {
        await q(
          `INSERT INTO sidecarscope_events (cluster, key, namespace, pod_name, last_at, body) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (cluster, key) DO UPDATE SET last_at = GREATEST(sidecarscope_events.last_at, excluded.last_at), body = excluded.body`,
          [this.cluster, e.key, e.event.namespace, e.event.podName, e.event.lastAt ?? e.event.firstAt ?? 0, JSON.stringify(e.event)],
        );
      }
      for (const f of b.raised) {
        const id = await idOf(f.uid);
        // Another writer may have raised it already: one open span per pod and finding.
        if (id !== undefined) {
          await q(
            `INSERT INTO sidecarscope_findings (pod, key, raised_at, severity, body) SELECT $1, $2, $3, $4, $5
             WHERE NOT EXISTS (SELECT 1 FROM sidecarscope_findings WHERE pod = $1 AND key = $2 AND cleared_at IS NULL) ON CONFLICT DO NOTHING`,
            [id, f.key, f.raisedAt, f.finding.severity, JSON.stringify(f.finding)],
          );
        }
      }
      for (const f of b.cleared) {
        const id = await idOf(f.uid);
        if (id !== undefined)
          await q('UPDATE sidecarscope_findings SET cleared_at = $1, body = $2 WHERE pod = $3 AND key = $4 AND cleared_at IS NULL', [
            f.clearedAt,
            JSON.stringify(f.finding),
            id,
            f.key,
          ]);
      }
      for (const s of b.samples) {
        const id = await idOf(s.uid);
        if (id !== undefined)
          await q('INSERT INTO sidecarscope_samples (pod, res, at, container, cpu, mem) VALUES ($1, 0, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
            id,
            s.at,
            s.container,
            s.cpuMilli,
            s.memoryBytes,
          ]);
      }
      for (const d of b.deletions) {
        const id = await idOf(d.uid);
        if (id === undefined) continue;
        await q('UPDATE sidecarscope_pods SET deleted_at = $1, deletion = $2, last_seen = GREATEST(last_seen, $1) WHERE id = $3 AND deleted_at IS NULL', [
          d.at,
          d.kind,
          id,
        ]);
        await q('UPDATE sidecarscope_findings SET cleared_at = $1 WHERE pod = $2 AND cleared_at IS NULL', [d.at, id]);
      }
      for (const g of b.gaps) {
        await q(
          'INSERT INTO sidecarscope_gaps (cluster, from_at, to_at, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (cluster, from_at, reason) DO UPDATE SET to_at = GREATEST(sidecarscope_gaps.to_at, excluded.to_at)',
          [this.cluster, g.from, g.to, g.reason],
        );
      }
      if (b.heartbeat !== undefined) {
        await q(
          'INSERT INTO sidecarscope_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = GREATEST(sidecarscope_meta.value::bigint, excluded.value::bigint)::text',
          [`heartbeat:${this.cluster}`, String(b.heartbeat)],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async rows(sql: string, args: unknown[]): Promise<Row[]> {
    return (await this.pool.query(sql, args)).rows as Row[];
  }

  async lastHeartbeat(): Promise<number | undefined> {
    const [row] = await this.rows('SELECT value FROM sidecarscope_meta WHERE key = $1', [`heartbeat:${this.cluster}`]);
    return row ? num(row.value) : undefined;
  }

  private async template(hash: string): Promise<unknown> {
    if (this.templates.has(hash)) return this.templates.get(hash);
    const [row] = await this.rows('SELECT body FROM sidecarscope_templates WHERE hash = $1', [hash]);
    const value: unknown = row ? JSON.parse(str(row.body)) : undefined;
    if (this.templates.size >= 10_000) this.templates.clear();
    this.templates.set(hash, value);
    return value;
  }

  private async toStored(row: Row, at: number): Promise<StoredPod> {
    const digest = JSON.parse(str(row.body)) as PodDigest;
    const target = digest as unknown as Record<string, unknown>;
    for (const [part, hash] of Object.entries(JSON.parse(str(row.parts)) as Record<string, string>)) target[part] = await this.template(hash);
    const stored: StoredPod = { digest, firstSeen: num(row.first_seen), lastSeen: num(row.last_seen) };
    const deletedAt = optNum(row.deleted_at);
    if (deletedAt !== undefined && deletedAt <= at) {
      stored.deletedAt = deletedAt;
      stored.deletion = str(row.deletion) as DeletionKind;
    }
    if (row.observations !== null && row.observations !== undefined)
      stored.observations = observationsAt(JSON.parse(str(row.observations)) as PodObservations, at);
    return stored;
  }

  private async many(rows: Row[], at: number): Promise<StoredPod[]> {
    const out: StoredPod[] = [];
    for (const row of rows) out.push(await this.toStored(row, at));
    return out;
  }

  async openPods(): Promise<StoredPod[]> {
    return this.many(
      await this.rows(`${POD_AT} WHERE p.cluster = $2 AND p.deleted_at IS NULL`, [Number.MAX_SAFE_INTEGER, this.cluster]),
      Number.MAX_SAFE_INTEGER,
    );
  }

  async podsAt(at: number): Promise<StoredPod[]> {
    return this.many(
      await this.rows(`${POD_AT} WHERE p.cluster = $2 AND p.first_seen <= $1 AND (p.deleted_at IS NULL OR p.deleted_at > $1)`, [at, this.cluster]),
      at,
    );
  }

  async podAt(uid: string, at: number): Promise<StoredPod | undefined> {
    const [row] = await this.rows(`${POD_AT} WHERE p.cluster = $2 AND p.uid = $3`, [at, this.cluster, uid]);
    return row ? this.toStored(row, at) : undefined;
  }

  async uidOf(namespace: string, name: string, at: number): Promise<string | undefined> {
    const [row] = await this.rows(
      `SELECT uid FROM sidecarscope_pods WHERE cluster = $1 AND namespace = $2 AND name = $3 AND first_seen <= $4
       ORDER BY (deleted_at IS NULL OR deleted_at > $4) DESC, first_seen DESC LIMIT 1`,
      [this.cluster, namespace, name, at],
    );
    return row ? str(row.uid) : undefined;
  }

  async findingsBetween(
    from: number,
    to: number,
    filter: { namespace?: string; workload?: { kind: string; name: string }; uid?: string } = {},
  ): Promise<FindingSpan[]> {
    const args: unknown[] = [this.cluster, to, from];
    const where = ['p.cluster = $1', 'f.raised_at <= $2', '(f.cleared_at IS NULL OR f.cleared_at > $3)'];
    const and = (clause: (n: number) => string, ...values: string[]) => {
      where.push(clause(args.length + 1));
      args.push(...values);
    };
    if (filter.namespace !== undefined) and((n) => `p.namespace = $${n}`, filter.namespace);
    if (filter.workload) and((n) => `p.workload_kind = $${n} AND p.workload_name = $${n + 1}`, filter.workload.kind, filter.workload.name);
    if (filter.uid !== undefined) and((n) => `p.uid = $${n}`, filter.uid);
    const rows = await this.rows(
      `SELECT f.*, p.uid, p.namespace, p.name, p.workload_kind, p.workload_name FROM sidecarscope_findings f JOIN sidecarscope_pods p ON p.id = f.pod
       WHERE ${where.join(' AND ')} ORDER BY f.raised_at`,
      args,
    );
    return rows.map((r) => {
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
    });
  }

  async events(namespace: string, podName: string, upTo: number): Promise<EventDigest[]> {
    const rows = await this.rows(
      'SELECT body FROM sidecarscope_events WHERE cluster = $1 AND namespace = $2 AND pod_name = $3 AND last_at <= $4 ORDER BY last_at',
      [this.cluster, namespace, podName, upTo],
    );
    return rows.map((r) => JSON.parse(str(r.body)) as EventDigest);
  }

  async samples(uid: string, from: number, to: number): Promise<StoredSample[]> {
    const rows = await this.rows(
      `SELECT s.res, s.at, s.container, s.cpu, s.mem FROM sidecarscope_samples s JOIN sidecarscope_pods p ON p.id = s.pod
       WHERE p.cluster = $1 AND p.uid = $2 AND s.at >= $3 AND s.at <= $4 ORDER BY s.at, s.res`,
      [this.cluster, uid, from, to],
    );
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
    return out;
  }

  async gaps(from: number, to: number): Promise<HistoryGap[]> {
    const rows = await this.rows('SELECT from_at, to_at, reason FROM sidecarscope_gaps WHERE cluster = $1 AND from_at <= $2 AND to_at >= $3 ORDER BY from_at', [
      this.cluster,
      to,
      from,
    ]);
    return rows.map((r) => ({ from: num(r.from_at), to: num(r.to_at), reason: str(r.reason) as GapReason }));
  }

  /** Age retention and sample folding (this cluster's rows). The size cap is the database's operators' to set: not enforced here. */
  async enforceRetention(now: number, policy: RetentionPolicy): Promise<{ deletedBytes: number }> {
    const b = Math.floor(policy.bucketMs);
    const foldBefore = Math.floor((now - policy.rawSamplesMs) / b) * b;
    const cut = now - policy.maxAgeMs;
    const mine = 'SELECT id FROM sidecarscope_pods WHERE cluster = $1';
    await this.pool.query(
      `INSERT INTO sidecarscope_samples (pod, res, at, container, cpu, mem)
       SELECT pod, $2, (at / $2) * $2, container, avg(cpu), max(mem) FROM sidecarscope_samples WHERE res = 0 AND at < $3 AND pod IN (${mine}) GROUP BY pod, at / $2, container
       ON CONFLICT (pod, res, at, container) DO UPDATE SET cpu = excluded.cpu, mem = excluded.mem`,
      [this.cluster, b, foldBefore],
    );
    await this.pool.query(`DELETE FROM sidecarscope_samples WHERE res = 0 AND at < $2 AND pod IN (${mine})`, [this.cluster, foldBefore]);
    const gone = `SELECT id FROM sidecarscope_pods WHERE cluster = $1 AND deleted_at IS NOT NULL AND deleted_at < $2`;
    for (const table of ['sidecarscope_versions', 'sidecarscope_samples', 'sidecarscope_findings'])
      await this.pool.query(`DELETE FROM ${table} WHERE pod IN (${gone})`, [this.cluster, cut]);
    await this.pool.query('DELETE FROM sidecarscope_pods WHERE cluster = $1 AND deleted_at IS NOT NULL AND deleted_at < $2', [this.cluster, cut]);
    await this.pool.query(
      `DELETE FROM sidecarscope_versions v WHERE v.at < $2 AND v.pod IN (${mine}) AND v.at < (SELECT max(at) FROM sidecarscope_versions w WHERE w.pod = v.pod)`,
      [this.cluster, cut],
    );
    await this.pool.query('DELETE FROM sidecarscope_events WHERE cluster = $1 AND last_at < $2', [this.cluster, cut]);
    await this.pool.query('DELETE FROM sidecarscope_gaps WHERE cluster = $1 AND to_at < $2', [this.cluster, cut]);
    return { deletedBytes: 0 };
  }

  async stats(): Promise<StoreStats> {
    const count = async (sql: string) => num((await this.rows(sql, [this.cluster]))[0]?.n);
    const stats: StoreStats = {
      bytes: (await this.footprint()).bytes,
      pods: await count('SELECT count(*) AS n FROM sidecarscope_pods WHERE cluster = $1'),
      versions: await count('SELECT count(*) AS n FROM sidecarscope_versions v JOIN sidecarscope_pods p ON p.id = v.pod WHERE p.cluster = $1'),
      samples: await count('SELECT count(*) AS n FROM sidecarscope_samples s JOIN sidecarscope_pods p ON p.id = s.pod WHERE p.cluster = $1'),
    };
    return stats;
  }

  async footprint(): Promise<{ bytes: number; oldest?: number }> {
    const [row] = await this.rows(
      `SELECT (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname LIKE 'sidecarscope\\_%' AND c.relkind = 'r') AS bytes,
              (SELECT min(first_seen) FROM sidecarscope_pods WHERE cluster = $1) AS oldest`,
      [this.cluster],
    );
    const oldest = optNum(row?.oldest);
    return oldest === undefined ? { bytes: num(row?.bytes ?? 0) } : { bytes: num(row?.bytes ?? 0), oldest };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
