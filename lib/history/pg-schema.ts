/**
 * The PostgreSQL schema (the second backend, `SIDECARSCOPE_DATABASE_URL`), numbered like the
 * SQLite one and recorded in `sidecarscope_meta`. Tables are prefixed so the store can share a
 * database. Several writers (replicas, or the instances of several clusters) use it at once.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sidecarscope_pods (
    id BIGSERIAL PRIMARY KEY,
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    workload_kind TEXT NOT NULL,
    workload_name TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    deleted_at BIGINT,
    deletion TEXT,
    observations TEXT,
    UNIQUE (cluster, uid)
  );
  CREATE INDEX sidecarscope_pods_span ON sidecarscope_pods (cluster, first_seen, deleted_at);
  CREATE INDEX sidecarscope_pods_name ON sidecarscope_pods (cluster, namespace, name, first_seen);
  CREATE TABLE sidecarscope_templates (hash TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE sidecarscope_versions (pod BIGINT NOT NULL, rv TEXT NOT NULL, at BIGINT NOT NULL, parts TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (pod, rv));
  CREATE INDEX sidecarscope_versions_pod_at ON sidecarscope_versions (pod, at);
  CREATE INDEX sidecarscope_versions_at ON sidecarscope_versions (at);
  CREATE TABLE sidecarscope_events (cluster TEXT NOT NULL, key TEXT NOT NULL, namespace TEXT NOT NULL, pod_name TEXT NOT NULL, last_at BIGINT NOT NULL, body TEXT NOT NULL, UNIQUE (cluster, key));
  CREATE INDEX sidecarscope_events_pod ON sidecarscope_events (cluster, namespace, pod_name, last_at);
  CREATE TABLE sidecarscope_findings (pod BIGINT NOT NULL, key TEXT NOT NULL, raised_at BIGINT NOT NULL, cleared_at BIGINT, severity TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (pod, key, raised_at));
  CREATE INDEX sidecarscope_findings_raised ON sidecarscope_findings (raised_at);
  CREATE TABLE sidecarscope_samples (pod BIGINT NOT NULL, res INTEGER NOT NULL, at BIGINT NOT NULL, container TEXT NOT NULL, cpu DOUBLE PRECISION NOT NULL, mem DOUBLE PRECISION NOT NULL, PRIMARY KEY (pod, res, at, container));
  CREATE INDEX sidecarscope_samples_at ON sidecarscope_samples (res, at);
  CREATE TABLE sidecarscope_gaps (cluster TEXT NOT NULL, from_at BIGINT NOT NULL, to_at BIGINT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (cluster, from_at, reason));
  `,
];
