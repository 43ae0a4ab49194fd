/**
 * Nothing secret reaches the history store's file either: pods full of secrets go through the
 * hub into the database, and the raw bytes of the database and its WAL are searched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../history/recorder';
import { SqliteHistoryStore } from '../history/sqlite-store';
import { aDataDir } from '../history/testing';
import { Hub } from '../server/hub';
import { findLeaks, podsFullOfSecrets } from './testing/secret-pods';

let data: { dir: string; remove(): void };
beforeEach(() => {
  data = aDataDir();
});
afterEach(() => data.remove());

function fileBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('history'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

describe('redaction in the history store', () => {
  it('writes no secret into the database file or its WAL, while writing the pods themselves', async () => {
    let now = 1_767_225_600_000;
    const store = new SqliteHistoryStore('prod', { dir: data.dir });
    const recorder = new HistoryRecorder(store, { now: () => now });
    const hub = new Hub({
      now: () => (now += 1000),
      cluster: { name: 'prod', mode: 'in-cluster' },
      retentionMs: 3_600_000,
      maxDeleted: 100,
      metricsHistoryMs: 3_600_000,
      history: recorder,
    });
    hub.applyPodList('*', podsFullOfSecrets());
    hub.flush();
    for (const pod of podsFullOfSecrets()) hub.applyPodEvent('DELETED', pod);
    hub.flush();
    recorder.observeStatus({ state: 'connected' }, now);
    await recorder.flush();
    const bytes = fileBytes(data.dir);
    // The control: the pods' containers did reach the file, so a clean search means something.
    for (const pod of podsFullOfSecrets()) {
      const name = (pod as { metadata: { name: string } }).metadata.name;
      expect(bytes).toContain(name);
    }
    expect((await store.stats()).pods).toBe(2);
    expect(findLeaks(bytes)).toEqual([]);
    await store.close();
    expect(findLeaks(fileBytes(data.dir))).toEqual([]);
  });
});
