/**
 * The SQLite schema, as numbered migrations from version 1. `PRAGMA user_version` holds the
 * version applied; `PRAGMA application_id` marks the file as ours, so a foreign SQLite file at the
 * path is recognised and moved aside instead of being written into.
 */

/** "SCSC" as a 32-bit integer. */
export const APPLICATION_ID = 0x53435343;

/**
 * Each entry moves the schema from its index to index + 1. Never edit a released one: append.
 * Tables whose rows carry a JSON body of a kilobyte or more are rowid tables: a WITHOUT ROWID
 * table keeps at most ~1,000 bytes of a row in its page and spills the rest to a whole overflow
 * page (measured: 4.6 KB on disk per 1.4 KB version).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE pods (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    workload_kind TEXT NOT NULL,
    workload_name TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    deleted_at INTEGER,
    deletion TEXT,
    observations TEXT,
    UNIQUE (cluster, uid)
  );
  CREATE INDEX pods_span ON pods (cluster, first_seen, deleted_at);
  CREATE INDEX pods_open ON pods (cluster, deleted_at);
  CREATE INDEX pods_name ON pods (cluster, namespace, name, first_seen);
  CREATE TABLE templates (hash TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE versions (
    pod INTEGER NOT NULL,
    rv TEXT NOT NULL,
    at INTEGER NOT NULL,
    parts TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (pod, rv)
  );
  CREATE INDEX versions_pod_at ON versions (pod, at);
  CREATE INDEX versions_at ON versions (at);
  CREATE TABLE events (
    cluster TEXT NOT NULL,
    key TEXT NOT NULL,
    namespace TEXT NOT NULL,
    pod_name TEXT NOT NULL,
    last_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (cluster, key)
  );
  CREATE INDEX events_pod ON events (cluster, namespace, pod_name, last_at);
  CREATE INDEX events_at ON events (last_at);
  CREATE TABLE findings (
    pod INTEGER NOT NULL,
    key TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    cleared_at INTEGER,
    severity TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (pod, key, raised_at)
  );
  CREATE INDEX findings_raised ON findings (raised_at);
  CREATE INDEX findings_open ON findings (cleared_at);
  CREATE TABLE samples (
    pod INTEGER NOT NULL,
    res INTEGER NOT NULL,
    at INTEGER NOT NULL,
    container TEXT NOT NULL,
    cpu REAL NOT NULL,
    mem REAL NOT NULL,
    PRIMARY KEY (pod, res, at, container)
  ) WITHOUT ROWID;
  CREATE INDEX samples_at ON samples (res, at);
  CREATE TABLE gaps (
    cluster TEXT NOT NULL,
    from_at INTEGER NOT NULL,
    to_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (cluster, from_at, reason)
  ) WITHOUT ROWID;
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
