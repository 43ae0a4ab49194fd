import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, running } from '../model/testing/builders';
import type { Finding } from '../model/types';
import { PgHistoryStore } from './pg-store';
import { HistoryRecorder } from './recorder';
import { postgresBin, startPostgres, type TestPostgres } from './testing-pg';

const bin = postgresBin();
const T = 1_800_000_000_000;
let server: TestPostgres;

beforeAll(async () => {
  if (bin) server = await startPostgres(bin);
}, 120_000);
afterAll(() => server?.stop());

const pod = (name: string, rv: string, ready = true) =>
  aDigest({ name, resourceVersion: rv, containers: [aContainer('app')], statuses: [aStatus('app', running('2024-07-19T13:38:01Z', { ready }))] });
const crashloop: Finding = {
  id: 'sidecar-crashloop',
  severity: 'critical',
  namespace: 'default',
  pod: 'a',
  podUid: 'uid-default-a',
  container: 'app',
  message: 'app is crash-looping',
  explanation: '',
  evidence: [],
  fix: '',
};

describe.skipIf(bin === undefined)('PgHistoryStore on a real PostgreSQL', () => {
  it('answers what existed at a moment, like the SQLite store', async () => {
    const store = await PgHistoryStore.open('moment', server.url);
    const recorder = new HistoryRecorder(store, { now: () => T });
    recorder.podSeen(pod('a', '1', false), undefined, T);
    recorder.podSeen(pod('a', '2', true), undefined, T + 10_000);
    recorder.podSeen(pod('b', '3'), undefined, T + 20_000);
    recorder.podDeleted('uid-default-a', T + 30_000, 'observed');
    await recorder.flush();
    expect((await store.podsAt(T + 5_000)).map((p) => [p.digest.name, p.digest.statuses.app?.ready])).toEqual([['a', false]]);
    expect((await store.podsAt(T + 25_000)).map((p) => p.digest.name).sort()).toEqual(['a', 'b']);
    expect((await store.podsAt(T + 35_000)).map((p) => p.digest.name)).toEqual(['b']);
    expect((await store.podAt('uid-default-a', T + 40_000))?.deletedAt).toBe(T + 30_000);
    expect(await store.uidOf('default', 'a', T + 40_000)).toBe('uid-default-a');
    await store.close();
  });

  it('takes two writers on one database without a leader: everything stored once, a finding raised by both open once', async () => {
    const [one, two] = await Promise.all([PgHistoryStore.open('shared', server.url), PgHistoryStore.open('shared', server.url)]);
    const writers = [new HistoryRecorder(one, { now: () => T }), new HistoryRecorder(two, { now: () => T + 700 })];
    writers.forEach((w, i) => {
      w.podSeen(pod('a', '1'), undefined, T + i);
      w.podSeen(pod('a', '2'), undefined, T + 5_000 + i);
      w.sample('uid-default-a', { at: T, containers: { app: { cpuMilli: 5, memoryBytes: 10 } } }, T);
      w.event({ uid: 'e1', namespace: 'default', podName: 'a', type: 'Warning', reason: 'BackOff', message: 'x', count: 1, lastAt: T }, T);
      w.findings('uid-default-a', [crashloop], T + 6_000 + i * 300);
    });
    await Promise.all(writers.map((w) => w.flush()));
    await Promise.all(writers.map((w) => w.flush()));
    const stats = await one.stats();
    expect([stats.pods, stats.versions, stats.samples]).toEqual([1, 2, 1]);
    expect(await one.events('default', 'a', T)).toHaveLength(1);
    const open = await one.findingsBetween(T, T + 10_000);
    expect(open).toHaveLength(1);
    writers.forEach((w) => w.findings('uid-default-a', [], T + 9_000));
    await Promise.all(writers.map((w) => w.flush()));
    expect((await two.findingsBetween(T, T + 20_000)).map((s) => s.clearedAt)).toEqual([T + 9_000]);
    await Promise.all([one.close(), two.close()]);
  });

  it("backs the server's history when SIDECARSCOPE_DATABASE_URL is set, connecting in the background", async () => {
    const { openHistory } = await import('../server/history');
    const opened = openHistory(
      { dataDir: '/nonexistent', retentionMs: 86_400_000, maxBytes: 1024 ** 3, databaseUrl: server.url },
      'via-config',
      () => T,
      () => {},
    );
    if (!('store' in opened)) throw new Error(opened.off);
    opened.recorder.podSeen(pod('c', '1'), undefined, T);
    await opened.recorder.flush();
    expect(opened.recorder.state).toEqual({ state: 'recording' });
    expect((await opened.store.podsAt(T)).map((p) => p.digest.name)).toEqual(['c']);
    await opened.store.close();
  });

  it('refuses a database written by a newer schema and leaves it untouched', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("UPDATE sidecarscope_meta SET value = '99' WHERE key = 'schema'");
    await expect(PgHistoryStore.open('x', server.url)).rejects.toThrow(/newer Sidecarscope \(schema 99, this one knows 1\); it was left untouched/);
    expect((await client.query("SELECT value FROM sidecarscope_meta WHERE key = 'schema'")).rows[0]).toEqual({ value: '99' });
    await client.query("UPDATE sidecarscope_meta SET value = '1' WHERE key = 'schema'");
    await client.end();
  });
});
