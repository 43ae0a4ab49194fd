/**
 * History across a dashboard restart on a real API server: the dashboard records, stops; the
 * cluster changes (a pod deleted, one changed, one created); a second dashboard starts on the same
 * data directory. One continuous, honest timeline per pod: same uid with the gap marked for the
 * pod that lived across, "last seen" for the pod deleted meanwhile, first sight for the new one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { detailOf } from '@/lib/server/hub-views';
import { adminKubeConfig } from './harness';
import { restClient } from './kube-rest';
import { createNamespace, createPod, uniqueName, waitFor } from './fixtures';
import { startDashboard } from './dashboard';

const info = inject('harness');
const admin = restClient(adminKubeConfig(info));
const dataDir = mkdtempSync(join(tmpdir(), 'sidecarscope-history-cluster-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('history on a real API server', () => {
  it('keeps one continuous, honest timeline per pod across a dashboard restart', async () => {
    const namespace = uniqueName('history');
    await createNamespace(admin, namespace);
    const staysUid = await createPod(admin, namespace, 'stays');
    const goesUid = await createPod(admin, namespace, 'goes');

    const first = startDashboard(info, info.tokens.admin, { dataDir });
    const store1 = first.runtime.history?.store;
    if (!store1) throw new Error('no history store');
    try {
      await waitFor(
        'both pods in the store',
        async () => (await store1.podsAt(Date.now())).filter((p) => p.digest.namespace === namespace).length === 2,
        60_000,
      );
      await waitFor('a heartbeat after both pods', async () => ((await store1.lastHeartbeat()) ?? 0) > Date.now() - 500, 10_000);
    } finally {
      first.stop();
    }

    // While nobody watches: one pod goes, one changes, one is created.
    await admin.request('DELETE', `/api/v1/namespaces/${namespace}/pods/goes?gracePeriodSeconds=0`);
    await admin.request(
      'PATCH',
      `/api/v1/namespaces/${namespace}/pods/stays`,
      { metadata: { labels: { changed: 'while-down' } } },
      'application/merge-patch+json',
    );
    const newUid = await createPod(admin, namespace, 'new');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const upAfter = Date.now();

    const second = startDashboard(info, info.tokens.admin, { dataDir });
    try {
      const hub = second.runtime.hub;
      await waitFor('the new pod and the deletion seen', () => hub.pod(newUid) !== undefined && hub.pod(goesUid)?.deletedAt !== undefined, 60_000);
      const gap = hub.gaps.find((g) => g.reason === 'process-down');
      expect(gap).toBeDefined();
      const downAt = gap?.from ?? 0;
      expect(gap?.to).toBeGreaterThanOrEqual(upAfter);

      const stays = detailOf(hub, namespace, 'stays');
      expect(stays?.digest.uid).toBe(staysUid);
      expect(stays?.digest.labels.changed).toBe('while-down');
      expect(stays?.lifecycle.gaps).toContainEqual(gap);

      expect(hub.pod(goesUid)?.deletedAt).toBe(downAt);
      const store2 = second.runtime.history?.store;
      if (!store2) throw new Error('no history store');
      await waitFor('the deletion written', async () => (await store2.podAt(goesUid, Date.now()))?.deletion === 'last-seen', 10_000);
      expect((await store2.podAt(goesUid, Date.now()))?.deletedAt).toBe(downAt);
      expect((await store2.podsAt(downAt - 1)).map((p) => p.digest.uid)).toEqual(expect.arrayContaining([staysUid, goesUid]));
      await waitFor('the new pod written', async () => (await store2.podAt(newUid, Date.now())) !== undefined, 10_000);
      expect((await store2.podAt(newUid, Date.now()))?.firstSeen).toBeGreaterThanOrEqual(upAfter);
      // The pod that lived across: its first version still answers for the first life.
      expect((await store2.podAt(staysUid, downAt - 1))?.digest.labels.changed).toBeUndefined();
    } finally {
      second.stop();
    }
  });
});
