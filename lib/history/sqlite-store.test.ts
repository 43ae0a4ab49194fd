import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, running } from '../model/testing/builders';
import type { Finding } from '../model/types';
import { StoreError } from './errors';
import { DB_FILE } from './open-sqlite';
import { HistoryRecorder } from './recorder';
import { SCHEMA_VERSION } from './schema';
import { SqliteHistoryStore } from './sqlite-store';
import { aDataDir, aReadOnlyDir } from './testing';
import { DEFAULT_RETENTION } from './types';

const H = 3_600_000;
const T = 1_800_000_000_000;

let data: { dir: string; remove(): void };
let logs: string[];
const open = (dir = data.dir) => new SqliteHistoryStore('c1', { dir, log: (l) => logs.push(l), now: () => T });

beforeEach(() => {
  data = aDataDir();
  logs = [];
});
afterEach(() => data.remove());

const pod = (name: string, rv: string, ready = true) =>
  aDigest({ name, resourceVersion: rv, containers: [aContainer('app')], statuses: [aStatus('app', running('2024-07-19T13:38:01Z', { ready }))] });

const aFinding = (podName: string): Finding => ({
  id: 'sidecar-crashloop',
  severity: 'critical',
  namespace: 'default',
  pod: podName,
  podUid: `uid-default-${podName}`,
  container: 'app',
  message: 'app is crash-looping',
  explanation: '',
  evidence: [{ label: 'restarts', value: '5' }],
  fix: '',
});

async function record(store: SqliteHistoryStore, fn: (r: HistoryRecorder, at: (t: number) => void) => void): Promise<HistoryRecorder> {
  let now = T;
  const recorder = new HistoryRecorder(store, { now: () => now });
  fn(recorder, (t) => (now = t));
  await recorder.flush();
  return recorder;
}

describe('SqliteHistoryStore', () => {
  it('answers what existed at a moment: each pod at its version then, none created later or deleted before', async () => {
    const store = open();
    await record(store, (r) => {
      r.podSeen(pod('a', '1', false), undefined, T);
      r.podSeen(pod('a', '2', true), undefined, T + 10_000);
      r.podSeen(pod('b', '3'), undefined, T + 20_000);
      r.podDeleted('uid-default-a', T + 30_000, 'observed');
    });
    const at5 = await store.podsAt(T + 5_000);
    expect(at5.map((p) => [p.digest.name, p.digest.statuses.app?.ready])).toEqual([['a', false]]);
    const at25 = await store.podsAt(T + 25_000);
    expect(at25.map((p) => [p.digest.name, p.digest.statuses.app?.ready]).sort()).toEqual([
      ['a', true],
      ['b', true],
    ]);
    expect((await store.podsAt(T + 35_000)).map((p) => p.digest.name)).toEqual(['b']);
    const deleted = await store.podAt('uid-default-a', T + 40_000);
    expect(deleted?.deletedAt).toBe(T + 30_000);
    expect(deleted?.digest.containers.map((c) => c.name)).toEqual(['app']);
    expect(await store.uidOf('default', 'a', T + 40_000)).toBe('uid-default-a');
    await store.close();
  });

  it('is idempotent: the same versions, events and samples written twice are stored once', async () => {
    const store = open();
    for (let i = 0; i < 2; i += 1) {
      await record(store, (r) => {
        r.podSeen(pod('a', '1'), undefined, T);
        r.sample('uid-default-a', { at: T, containers: { app: { cpuMilli: 5, memoryBytes: 10 } } }, T);
        r.event({ uid: 'e1', namespace: 'default', podName: 'a', type: 'Normal', reason: 'Pulled', message: 'x', count: 1, lastAt: T }, T);
      });
    }
    const stats = await store.stats();
    expect([stats.pods, stats.versions, stats.samples]).toEqual([1, 1, 1]);
    expect(await store.events('default', 'a', T)).toHaveLength(1);
    await store.close();
  });

  it('keeps a finding with the time it was raised and cleared, and its evidence', async () => {
    const store = open();
    let now = T;
    const r = new HistoryRecorder(store, { now: () => now });
    r.podSeen(pod('a', '1'), undefined, T);
    r.findings('uid-default-a', [aFinding('a')], T + 1000);
    r.findings('uid-default-a', [aFinding('a')], T + 2000);
    now = T + 3000;
    await r.flush();
    r.findings('uid-default-a', [], T + 5000);
    await r.flush();
    const spans = await store.findingsBetween(T, T + 10_000);
    expect(spans.map((s) => [s.key, s.raisedAt, s.clearedAt, s.finding.evidence[0]?.value])).toEqual([['sidecar-crashloop/app', T + 1000, T + 5000, '5']]);
    expect(await store.findingsBetween(T + 6000, T + 7000)).toEqual([]);
    await store.close();
  });

  it('writes the database, its WAL and its lock note readable by the owner only', async () => {
    const store = open();
    await record(store, (r) => r.podSeen(pod('a', '1'), undefined, T));
    for (const file of readdirSync(data.dir).filter((f) => f.startsWith('history'))) {
      expect([file, statSync(join(data.dir, file)).mode & 0o777]).toEqual([file, 0o600]);
    }
    await store.close();
  });

  it('enforces retention by age: old versions go except the latest of a live pod; deleted pods go whole', async () => {
    const store = open();
    await record(store, (r) => {
      r.podSeen(pod('a', '1'), undefined, T);
      r.podSeen(pod('a', '2'), undefined, T + H);
      r.podSeen(pod('b', '3'), undefined, T);
      r.podDeleted('uid-default-b', T + H, 'observed');
    });
    await store.enforceRetention(T + 8 * 24 * H, DEFAULT_RETENTION);
    expect((await store.stats()).versions).toBe(1);
    expect(await store.podAt('uid-default-b', T + H)).toBeUndefined();
    expect((await store.podsAt(T + 8 * 24 * H)).map((p) => p.digest.resourceVersion)).toEqual(['2']);
    await store.close();
  });

  it('folds raw samples older than the raw window into 5-minute buckets (mean CPU, max memory)', async () => {
    const store = open();
    await record(store, (r) => {
      r.podSeen(pod('a', '1'), undefined, T);
      for (let i = 0; i < 20; i += 1) r.sample('uid-default-a', { at: T + i * 15_000, containers: { app: { cpuMilli: i, memoryBytes: 100 + i } } }, T);
    });
    await store.enforceRetention(T + 2 * H, DEFAULT_RETENTION);
    const samples = await store.samples('uid-default-a', 0, T + 3 * H);
    expect(samples.every((s) => s.resolutionMs === 300_000)).toBe(true);
    expect(samples[0]?.at).toBe(Math.floor(T / 300_000) * 300_000);
    expect(samples[0]?.containers.app).toEqual({ cpuMilli: 9.5, memoryBytes: 119 });
    await store.close();
  });

  it('enforces retention by size, deleting the oldest history first', async () => {
    const store = open();
    await record(store, (r) => {
      for (let i = 0; i < 3000; i += 1) {
        r.podSeen(pod(`p${i}`, `${i}`), undefined, T + i * 60_000);
        r.podDeleted(`uid-default-p${i}`, T + i * 60_000 + 30_000, 'observed');
      }
      r.podSeen(pod('live', 'x'), undefined, T);
    });
    const full = (await store.stats()).bytes;
    await store.enforceRetention(T + 3000 * 60_000, { ...DEFAULT_RETENTION, maxBytes: full / 2 });
    const after = await store.stats();
    expect(after.bytes).toBeLessThanOrEqual(full / 2);
    expect(await store.podAt('uid-default-p2999', T + 2999 * 60_000)).toBeDefined();
    expect(await store.podAt('uid-default-p0', T)).toBeUndefined();
    expect((await store.podsAt(T + 3000 * 60_000)).map((p) => p.digest.name)).toEqual(['live']);
    await store.close();
  });
});

describe('opening the store on a bad day', () => {
  it('moves a foreign file aside with one log line and starts a fresh store', async () => {
    writeFileSync(join(data.dir, DB_FILE), 'this is not a database, it is a shopping list\n'.repeat(20));
    const store = open();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/not a Sidecarscope store; moved it aside/);
    expect(readdirSync(data.dir).some((f) => f.startsWith(`${DB_FILE}.foreign-`))).toBe(true);
    expect((await store.stats()).pods).toBe(0);
    await store.close();
  });

  it("moves another application's SQLite database aside rather than writing into it", async () => {
    const other = new DatabaseSync(join(data.dir, DB_FILE));
    other.exec('CREATE TABLE invoices (id INTEGER)');
    other.close();
    const store = open();
    expect(logs[0]).toMatch(/not a Sidecarscope store/);
    await store.close();
  });

  it('moves a corrupt store aside and starts a fresh one', async () => {
    const first = open();
    await record(first, (r) => r.podSeen(pod('a', '1'), undefined, T));
    await first.close();
    const path = join(data.dir, DB_FILE);
    const bytes = Buffer.alloc(8192, 0x5a);
    bytes.write('SQLite format 3\0', 0, 'latin1');
    writeFileSync(path, bytes);
    const store = open();
    expect(logs.join('\n')).toMatch(/corrupt; moved it aside/);
    expect((await store.stats()).pods).toBe(0);
    await store.close();
  });

  it('refuses a store written by a newer schema and leaves it untouched', async () => {
    const path = join(data.dir, DB_FILE);
    const future = new DatabaseSync(path);
    future.exec(`PRAGMA application_id = ${0x53435343}; PRAGMA user_version = ${SCHEMA_VERSION + 1}; CREATE TABLE future (x)`);
    future.close();
    const before = statSync(path).mtimeMs;
    expect(() => open()).toThrow(StoreError);
    expect(() => open()).toThrow(/newer Sidecarscope \(schema 2, this one knows 1\); it was left untouched/);
    expect(statSync(path).mtimeMs).toBe(before);
    const check = new DatabaseSync(path);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION + 1 });
    check.close();
  });

  it('refuses a second process on the same directory, naming the holder', async () => {
    const store = open();
    const script = `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(${JSON.stringify(join(data.dir, DB_FILE))}, { timeout: 0 });
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      try { db.exec('BEGIN IMMEDIATE'); db.exec('COMMIT'); console.log('opened'); } catch (e) { console.log('refused', e.errcode & 0xff); }
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe('refused 5');
    expect(() => open()).toThrow(new RegExp(`Another Sidecarscope process \\(pid ${process.pid} on .+\\) is using the history`));
    await store.close();
    const again = open();
    await again.close();
  });

  it('names the setting when the data directory cannot be written', () => {
    const dir = aReadOnlyDir(data.dir);
    if (process.getuid?.() !== 0) {
      mkdirSync(dir);
      chmodSync(dir, 0o500);
    }
    expect(() => new SqliteHistoryStore('c1', { dir, setting: '--data-dir / SIDECARSCOPE_DATA_DIR' })).toThrow(
      /is not writable.*--data-dir \/ SIDECARSCOPE_DATA_DIR/,
    );
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });
});
