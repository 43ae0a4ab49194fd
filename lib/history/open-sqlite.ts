/**
 * Opens (or creates) the SQLite history file in a data directory, handling the bad days: a
 * read-only directory (clear error naming the setting), another process holding the store
 * (refused), a newer schema (refused, left untouched), a corrupt or foreign file (moved aside with
 * one log line, a fresh store started). The file and its WAL are mode 0600 in a 0700 directory.
 */
import { chmodSync, closeSync, existsSync, statSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreError, sqliteCode } from './errors';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema';

export const DB_FILE = 'history.sqlite';
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  dir: string;
  /** How the directory was set, for messages ("--data-dir / SIDECARSCOPE_DATA_DIR"). */
  setting?: string;
  log?: (line: string) => void;
  now?: () => number;
}

const defaultLog = (line: string) => process.stderr.write(`sidecarscope: ${line}\n`);

/** Creates the directory if needed and checks it is writable; throws a `read-only` {@link StoreError} naming the setting. */
export function checkDataDir(dir: string, setting = 'SIDECARSCOPE_DATA_DIR'): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A real write, not access(2): root passes access checks on a read-only mount.
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '', { mode: 0o600 });
    unlinkSync(probe);
  } catch (cause) {
    throw new StoreError(
      'read-only',
      `The history data directory ${dir} (${setting}) is not writable: history needs a writable directory, or set ${setting} to one.`,
      { cause },
    );
  }
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const n = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function moveAside(path: string, why: string, options: OpenOptions): void {
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const target = `${path}.${why}-${stamp}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  (options.log ?? defaultLog)(
    `history: the file ${DB_FILE} in the data directory was ${why === 'foreign' ? 'not a Sidecarscope store' : 'corrupt'}; moved it aside to ${target.split('/').pop()} and started a fresh store`,
  );
}

function pragma(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  const value = row ? Object.values(row)[0] : undefined;
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** What is at the path: nothing, a Sidecarscope store, a foreign file, or a corrupt one. */
function inspect(path: string): 'absent' | 'ours' | 'foreign' | 'corrupt' {
  if (!existsSync(path)) return 'absent';
  const header = readHeader(path);
  if (header.length === 0) return 'absent';
  if (header !== SQLITE_HEADER) return 'foreign';
  return 'ours';
}

function lockedError(dir: string, setting: string, cause: unknown): StoreError {
  let holder = '';
  try {
    const info = JSON.parse(readFileSyncSafe(join(dir, 'history.lock'))) as { pid?: number; host?: string };
    if (info.pid !== undefined) holder = ` (pid ${info.pid}${info.host ? ` on ${info.host}` : ''})`;
  } catch {
    // No lock note: the message still says what to do.
  }
  return new StoreError(
    'locked',
    `Another Sidecarscope process${holder} is using the history in ${dir} (${setting}); stop it, or give this one its own directory.`,
    { cause },
  );
}

function readFileSyncSafe(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const n = readSync(fd, buffer, 0, 256, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function connect(path: string): DatabaseSync {
  const fresh = !existsSync(path) || statSync(path).size === 0;
  const db = new DatabaseSync(path, { timeout: 0 });
  // Only before the first write: 16 KB pages hold eleven 1.4 KB versions where 4 KB pages held
  // two (2.0 KB on disk each, measured); incremental vacuum lets retention shrink the file.
  if (fresh) db.exec('PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL');
  // Exclusive locking: the first write takes the file for the life of the process, so a second
  // process is refused; the OS releases the lock if this one dies (no stale lock files).
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  return db;
}

function migrate(db: DatabaseSync, dir: string, setting: string): void {
  const version = pragma(db, 'user_version');
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'newer-schema',
      `The history in ${dir} (${setting}) was written by a newer Sidecarscope (schema ${version}, this one knows ${SCHEMA_VERSION}); it was left untouched. Upgrade, or point ${setting} elsewhere.`,
    );
  }
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  for (let v = version; v < SCHEMA_VERSION; v += 1) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[v] ?? '');
      db.exec(`PRAGMA user_version = ${v + 1}`);
      if (v === 0) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** True when the open file is a SQLite database of another application (or an unmarked one with tables). */
function isForeign(db: DatabaseSync): boolean {
  const app = pragma(db, 'application_id');
  if (app === APPLICATION_ID) return false;
  if (app !== 0) return true;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  return tables.n > 0;
}

function isCorrupt(db: DatabaseSync): boolean {
  const row = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
  return row?.quick_check !== 'ok';
}

/** Opens the store file, migrated to {@link SCHEMA_VERSION}, holding the exclusive lock. */
export function openSqliteFile(options: OpenOptions): DatabaseSync {
  const setting = options.setting ?? 'SIDECARSCOPE_DATA_DIR';
  checkDataDir(options.dir, setting);
  const path = join(options.dir, DB_FILE);
  const found = inspect(path);
  if (found === 'foreign') moveAside(path, 'foreign', options);
  let db = connect(path);
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    const code = sqliteCode(error);
    if (code === 5 || code === 6) throw lockedError(options.dir, setting, error);
    if (code === 11 || code === 26) {
      moveAside(path, 'corrupt', options);
      db = connect(path);
    } else throw error;
  }
  try {
    if (isForeign(db)) {
      db.close();
      moveAside(path, 'foreign', options);
      db = connect(path);
    } else if (found === 'ours' && isCorrupt(db)) {
      db.close();
      moveAside(path, 'corrupt', options);
      db = connect(path);
    }
    migrate(db, options.dir, setting);
  } catch (error) {
    db.close();
    const code = sqliteCode(error);
    if (code === 11 || code === 26) {
      moveAside(path, 'corrupt', options);
      return openSqliteFile(options);
    }
    throw error;
  }
  writeFileSync(join(options.dir, 'history.lock'), JSON.stringify({ pid: process.pid, host: hostname() }), { mode: 0o600 });
  restrictModes(path);
  return db;
}

/** The database file and its WAL readable by the owner only. */
export function restrictModes(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // The WAL may not exist yet; it is made 0600 after the first write.
    }
  }
}
