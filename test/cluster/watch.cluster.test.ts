/**
 * Real watch behaviour of kube-apiserver, met by lib/k8s's list/watch loop: bookmarks, server-side
 * `timeoutSeconds` closes, a forced 410 Gone after etcd compaction, and an API server restart in
 * the middle of a watch.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '@/lib/k8s/clock';
import { startListWatch, type ListWatchHandle, type LoopStatus } from '@/lib/k8s/list-watch';
import { createKubeTransport } from '@/lib/k8s/transport';
import type { KubeTransport, WatchEvent } from '@/lib/k8s/transport-types';
import { adminKubeConfig, harnessControl } from './harness';
import { restClient } from './kube-rest';
import { createNamespace, createPod, nameOf, uniqueName, waitFor } from './fixtures';

const info = inject('harness');
const kc = adminKubeConfig(info);
const rest = restClient(kc);
const control = harnessControl(info);

/** A transport that counts list and watch calls. */
function counting(inner: KubeTransport) {
  const calls = { list: 0, watch: 0 };
  const transport: KubeTransport = {
    getJson: (...args) => inner.getJson(...args),
    list: (...args) => ((calls.list += 1), inner.list(...args)),
    watch: (...args) => ((calls.watch += 1), inner.watch(...args)),
  };
  return { transport, calls };
}

/** Runs the loop on one namespace's pods and records everything it reports. */
function followPods(namespace: string, options: { watchTimeoutSeconds?: number } = {}) {
  const { transport, calls } = counting(createKubeTransport(kc));
  const seen = new Set<string>();
  const statuses: LoopStatus['state'][] = [];
  const restarts: string[] = [];
  const handle: ListWatchHandle = startListWatch(
    {
      transport,
      clock: systemClock,
      path: `/api/v1/namespaces/${namespace}/pods`,
      watchTimeoutSeconds: options.watchTimeoutSeconds,
      onRestart: (reason) => restarts.push(reason),
    },
    {
      onList: (items) => items.forEach((item) => seen.add(nameOf(item) ?? '')),
      onEvent: (_type, object) => seen.add(nameOf(object) ?? ''),
      onStatus: (status) => statuses.push(status.state),
    },
  );
  return { handle, calls, seen, statuses, restarts };
}

describe('watches on the real API server', () => {
  it('bookmarks a watch with the resourceVersion of a change it filtered out, then closes it when timeoutSeconds run out', async () => {
    const watched = uniqueName('bookmarks');
    const other = uniqueName('elsewhere');
    await createNamespace(rest, watched);
    await createNamespace(rest, other);
    const transport = createKubeTransport(kc);
    const path = `/api/v1/namespaces/${watched}/pods`;
    const { resourceVersion } = await transport.list(path, {});
    const events: WatchEvent[] = [];
    const ended = new Promise<unknown>((resolve) => {
      void transport.watch(path, { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 5 }, (event) => events.push(event), resolve);
    });
    // The watch cache bookmarks only progress: a pod in another namespace moves the revision on.
    await createPod(rest, other, 'not-watched');
    const otherRv = await transport.list(`/api/v1/namespaces/${other}/pods`, {});
    expect(await ended).toBeUndefined();
    const bookmarks = events.filter((event) => event.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(0);
    expect(bookmarks.at(-1)?.object).toMatchObject({ kind: 'Pod', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    const bookmarked = Number((bookmarks.at(-1)?.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    expect(bookmarked).toBeGreaterThan(Number(resourceVersion));
    expect(bookmarked).toBeLessThanOrEqual(Number(otherRv.resourceVersion));
    expect(events.filter((event) => event.type !== 'BOOKMARK')).toEqual([]);
  });

  it('keeps watching across server-side timeouts without relisting, and still delivers changes', async () => {
    const namespace = uniqueName('timeouts');
    await createNamespace(rest, namespace);
    const follow = followPods(namespace, { watchTimeoutSeconds: 1 });
    try {
      await waitFor('three watches in a row', () => follow.calls.watch >= 3);
      await createPod(rest, namespace, 'after-timeouts');
      await waitFor('the new pod', () => follow.seen.has('after-timeouts'));
      expect(follow.calls.list).toBe(1);
      expect(follow.restarts).toEqual([]);
      expect(follow.statuses.at(-1)).toBe('connected');
    } finally {
      follow.handle.stop();
    }
  });

  describe('without the watch cache, so watches read etcd directly', () => {
    beforeAll(() => control.restartApiServer({ watchCache: false }));
    afterAll(() => control.restartApiServer({ watchCache: true }));

    it('answers a watch from a compacted resourceVersion with an in-stream 410 Gone', async () => {
      const namespace = uniqueName('gone');
      await createNamespace(rest, namespace);
      const transport = createKubeTransport(kc);
      const path = `/api/v1/namespaces/${namespace}/pods`;
      const { resourceVersion } = await transport.list(path, {});
      // Compaction keeps the revision it is given: write twice so the watch's start is compacted.
      await createPod(rest, namespace, 'first-write');
      await createPod(rest, namespace, 'second-write');
      await control.compactEtcd();
      const events: WatchEvent[] = [];
      await new Promise<unknown>((resolve) => {
        void transport.watch(path, { resourceVersion, timeoutSeconds: 5 }, (event) => events.push(event), resolve);
      });
      expect(events).toContainEqual({ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) });
    });

    it('relists after a 410 and catches up with what changed while its resourceVersion was compacted away', async () => {
      const quiet = uniqueName('quiet');
      const busy = uniqueName('busy');
      await createNamespace(rest, quiet);
      await createNamespace(rest, busy);
      const follow = followPods(quiet, { watchTimeoutSeconds: 1 });
      try {
        await waitFor('the first list', () => follow.statuses.includes('connected'));
        for (let i = 0; i < 5; i++) await createPod(rest, busy, `elsewhere-${i}`);
        await control.compactEtcd();
        await waitFor('a 410 from the server', () => follow.restarts.includes('gone'));
        await createPod(rest, quiet, 'after-the-gap');
        await waitFor('the pod created after the gap', () => follow.seen.has('after-the-gap'));
        expect(follow.calls.list).toBeGreaterThanOrEqual(2);
      } finally {
        follow.handle.stop();
      }
    });
  });

  it('reports reconnecting while the API server restarts mid-watch, then catches up', async () => {
    const namespace = uniqueName('restart');
    await createNamespace(rest, namespace);
    const follow = followPods(namespace);
    try {
      await waitFor('the first list', () => follow.statuses.includes('connected'));
      const watchesBefore = follow.calls.watch;
      await control.restartApiServer({ downMs: 2000 });
      await createPod(rest, namespace, 'after-restart');
      await waitFor('the pod created after the restart', () => follow.seen.has('after-restart'));
      expect(follow.calls.watch).toBeGreaterThan(watchesBefore);
      expect(follow.statuses).toContain('reconnecting');
      expect(follow.statuses.at(-1)).toBe('connected');
    } finally {
      follow.handle.stop();
    }
  });
});
