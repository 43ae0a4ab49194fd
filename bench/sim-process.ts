/**
 * The churn sim in a process of its own (started by bench/remote-sim.ts with `fork`), so that the
 * hub's process measures the hub alone: the sim's store, its watch history and its serialisation
 * of every page run here, on the other core. Control messages over the IPC channel:
 * in `{ type: 'pods' | 'fault' | 'pause' | 'changes' | 'stats' | 'stop' }`, out `ready`, `reply`,
 * `changes` (uids with the epoch-ms time and resourceVersion of their change, while asked for).
 */
import { startSimCluster } from '../lib/sim';
import { DENIABLE_RESOURCES } from '../lib/sim/http/faults';

export interface SimProcessConfig {
  pods: number;
  /** 0: manual clock (nothing changes after the pods are created). */
  updatesPerSecond: number;
  /**
   * Pods and events answer 403 at the cluster scope, as for a release of the chart that lists its
   * namespaces (Roles in those namespaces, nothing cluster-wide): the server then lists and
   * watches each namespace.
   */
  clusterScopeDenied?: boolean;
}

export type SimRequest =
  | { id: number; type: 'pods' }
  | { id: number; type: 'fault'; fault: 'dropWatches' | 'dropWatchesAbrupt' | 'compact' }
  | { id: number; type: 'pause' }
  | { id: number; type: 'changes'; on: boolean }
  | { id: number; type: 'stats' }
  | { id: number; type: 'clock' }
  | { id: number; type: 'stop' };

export type SimMessage =
  | { type: 'ready'; url: string; kubeconfigPath: string; pods: number }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'changes'; changes: [string, number, number][] }
  | { type: 'failed'; message: string };

const send = (message: SimMessage) => process.send?.(message);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as SimProcessConfig;
  const sim = await startSimCluster({
    manualClock: config.updatesPerSecond === 0,
    scenarios: ['churn'],
    churn: { pods: config.pods, updatesPerSecond: config.updatesPerSecond, namespaces: 20 },
    historyWindow: 50_000,
    bookmarkIntervalMs: 5_000,
  });
  if (config.clusterScopeDenied) for (const resource of DENIABLE_RESOURCES) sim.faults.deny(resource, { clusterScopeOnly: true });
  // Pod changes per second over the last full second, and (when asked) each change's uid and time.
  let changesThisSecond = 0;
  let updatesPerSecond = 0;
  const rate = setInterval(() => {
    updatesPerSecond = changesThisSecond;
    changesThisSecond = 0;
  }, 1000);
  let forward = false;
  let batch: [string, number, number][] = [];
  sim.store.subscribe((change) => {
    if (change.resource !== 'pods') return;
    changesThisSecond += 1;
    if (!forward) return;
    if (batch.length === 0)
      setImmediate(() => {
        send({ type: 'changes', changes: batch });
        batch = [];
      });
    const { uid, resourceVersion } = change.object.metadata;
    batch.push([String(uid ?? ''), performance.timeOrigin + performance.now(), Number(resourceVersion)]);
  });
  const stop = async () => {
    clearInterval(rate);
    await sim.close();
  };
  process.on('message', (raw) => {
    const request = raw as SimRequest;
    const reply = (value: unknown) => send({ type: 'reply', id: request.id, value });
    switch (request.type) {
      case 'pods':
        return reply(sim.store.list('pods').map((p) => [String(p.metadata.uid), String(p.metadata.resourceVersion)]));
      case 'fault':
        if (request.fault === 'compact') sim.faults.compact();
        else sim.faults.dropWatches({ abrupt: request.fault === 'dropWatchesAbrupt' });
        return reply(true);
      case 'pause':
        sim.engine.pause();
        return reply(true);
      case 'changes':
        forward = request.on;
        return reply(true);
      case 'clock':
        return reply(performance.timeOrigin + performance.now());
      case 'stats':
        return reply({ pods: sim.store.list('pods').length, updatesPerSecond, rss: process.memoryUsage().rss });
      case 'stop':
        void stop().then(() => {
          reply(true);
          process.exit(0);
        });
    }
  });
  // Orphaned (the bench died): end rather than serve forever.
  process.on('disconnect', () => void stop().then(() => process.exit(0)));
  send({ type: 'ready', url: sim.url, kubeconfigPath: sim.kubeconfigPath, pods: sim.store.list('pods').length });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
