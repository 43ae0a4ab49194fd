/**
 * A paged initial list while the cluster changes between pages (every sync of a large, busy
 * cluster). The real API server serves every `continue` page from the first page's snapshot and
 * reports that snapshot's resourceVersion on each page, so the watch that follows replays every
 * change made while paging. The simulated cluster does the same, and the list/watch loop resumes
 * from the first page's resourceVersion (safe even against a server whose pages are not
 * snapshots). Resuming from the last page's instead would miss changes to pods on earlier pages
 * and keep pods deleted meanwhile in the hub for good: this test fails then.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { systemClock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import { startSimCluster, type SimCluster } from '../sim';
import { Hub } from './hub';
import { startLiveSource } from './live-source';

let sim: SimCluster | undefined;
let stop = () => {};

afterEach(async () => {
  stop();
  await sim?.close();
});

it('ends with exactly the cluster pods when they change between the pages of the first list', async () => {
  let continuePages = 0;
  const started = await startSimCluster({
    manualClock: true,
    scenarios: ['churn'],
    churn: { pods: 2_000, updatesPerSecond: 200 },
    onRequest: (record) => {
      // Churn between pages: one sim second (200 updates, about 20 pods replaced) per page.
      if (record.url.startsWith('/api/v1/pods') && record.url.includes('continue=')) {
        continuePages += 1;
        started.engine.advance(1_000);
      }
    },
  });
  sim = started;
  const transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: started.kubeconfigPath }));
  const hub = new Hub({
    now: () => started.engine.now(),
    cluster: { name: 'sim', mode: 'demo' },
    retentionMs: 600_000,
    maxDeleted: 5_000,
    metricsHistoryMs: 600_000,
  });
  stop = startLiveSource(hub, { transport, clock: systemClock, namespaces: [], metricsIntervalMs: 3_600_000 }).stop;
  await vi.waitFor(() => expect(hub.isReady()).toBe(true), { timeout: 15_000 });
  expect(continuePages).toBeGreaterThan(0);
  await vi.waitFor(
    () => {
      const expected = new Map(started.store.list('pods').map((p) => [String(p.metadata.uid), String(p.metadata.resourceVersion)]));
      const held = new Map([...hub.livePods()].map((pod) => [pod.uid, pod.digest.resourceVersion]));
      expect(held).toEqual(expected);
    },
    { timeout: 5_000, interval: 100 },
  );
});
