/**
 * A {@link HistoryStore} whose backend is still connecting (PostgreSQL opens asynchronously, the
 * hub is built synchronously): every call waits for it, and fails as it failed.
 */
import type { HistoryStore } from './types';

export function lazyStore(cluster: string, ready: Promise<HistoryStore>): HistoryStore {
  const call =
    <K extends keyof HistoryStore>(key: K) =>
    async (...args: unknown[]): Promise<unknown> => {
      const store = await ready;
      const method = store[key] as unknown as (...a: unknown[]) => Promise<unknown>;
      return method.apply(store, args);
    };
  return {
    cluster,
    write: call('write'),
    lastHeartbeat: call('lastHeartbeat'),
    openPods: call('openPods'),
    podsAt: call('podsAt'),
    podAt: call('podAt'),
    uidOf: call('uidOf'),
    findingsBetween: call('findingsBetween'),
    events: call('events'),
    samples: call('samples'),
    gaps: call('gaps'),
    enforceRetention: call('enforceRetention'),
    stats: call('stats'),
    footprint: call('footprint'),
    close: async () => {
      const store = await ready.catch(() => undefined);
      await store?.close();
    },
  } as HistoryStore;
}
