/**
 * The dashboard (hub + live source, admin token, cluster-wide) recovering from what a real API
 * server does to long watches: a restart in the middle of a watch, and a 410 Gone once etcd has
 * compacted away the resourceVersion it resumes from.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeTransport, WatchEvent } from '@/lib/k8s/transport-types';
import type { StreamStatus } from '@/lib/model/views';
import { adminKubeConfig, harnessControl } from './harness';
import { restClient } from './kube-rest';
import { createNamespace, createPod, uniqueName, waitFor } from './fixtures';
import { startDashboard, type Dashboard } from './dashboard';

const info = inject('harness');
const admin = restClient(adminKubeConfig(info));
const control = harnessControl(info);

/** Records the dashboard's pod lists and the in-stream errors its watches receive. */
function spying() {
  const seen = { podLists: 0, watchErrors: [] as unknown[] };
  const wrap = (inner: KubeTransport): KubeTransport => ({
    getJson: (...args) => inner.getJson(...args),
    list: (path, query, signal) => {
      if (path.endsWith('/pods')) seen.podLists += 1;
      return inner.list(path, query, signal);
    },
    watch: (path, query, onEvent, onDone) =>
      inner.watch(path, query, (event: WatchEvent) => (event.type === 'ERROR' && seen.watchErrors.push(event.object), onEvent(event)), onDone),
  });
  return { seen, wrap };
}

/** Samples the status every 50 ms until stopped. */
function recordStates(dashboard: Dashboard): { states: Set<StreamStatus['state']>; stop(): void } {
  const states = new Set<StreamStatus['state']>();
  const timer = setInterval(() => states.add(dashboard.status().state), 50);
  return { states, stop: () => clearInterval(timer) };
}

describe('the dashboard on a real API server', () => {
  it('shows reconnecting while kube-apiserver restarts mid-watch, then connected, with pods created after', async () => {
    const namespace = uniqueName('hub-restart');
    await createNamespace(admin, namespace);
    const dashboard = startDashboard(info, info.tokens.admin);
    const recorder = recordStates(dashboard);
    try {
      await waitFor('a connected status', () => dashboard.status().state === 'connected');
      await control.restartApiServer({ downMs: 3000 });
      await createPod(admin, namespace, 'after-restart');
      await waitFor('the pod created after the restart', () => dashboard.podKeys().includes(`${namespace}/after-restart`), 60_000);
      await waitFor('a connected status again', () => dashboard.status().state === 'connected', 60_000);
      expect(recorder.states).toContain('reconnecting');
    } finally {
      recorder.stop();
      dashboard.stop();
    }
  });

  describe('with watches served from etcd (no watch cache)', () => {
    beforeAll(() => control.restartApiServer({ watchCache: false }));
    afterAll(() => control.restartApiServer({ watchCache: true }));

    it('relists after a 410 Gone from a compacted resourceVersion and shows what changed meanwhile', async () => {
      const namespace = uniqueName('hub-gone');
      await createNamespace(admin, namespace);
      const { seen, wrap } = spying();
      const dashboard = startDashboard(info, info.tokens.admin, { wrap });
      try {
        await waitFor('a connected status', () => dashboard.status().state === 'connected');
        const listsBefore = seen.podLists;
        // ConfigMaps move etcd's revision without touching what the dashboard watches.
        for (let i = 0; i < 3; i++) await admin.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, { metadata: { name: `filler-${i}` } });
        await control.compactEtcd();
        await control.restartApiServer();
        await createPod(admin, namespace, 'after-compaction');
        await waitFor('the pod created after the compaction', () => dashboard.podKeys().includes(`${namespace}/after-compaction`), 60_000);
        expect(seen.watchErrors).toContainEqual(expect.objectContaining({ code: 410 }));
        expect(seen.podLists).toBeGreaterThan(listsBefore);
      } finally {
        dashboard.stop();
      }
    });
  });
});
