/**
 * A restart in the middle of a scenario, on the simulated cluster through the real client code:
 * the dashboard stops, the cluster goes on (a pod is deleted and replaced meanwhile), the
 * dashboard starts again on the same history. Every pod has one continuous, honest timeline: the
 * one that lived across has one uid and the gap marked, the one deleted meanwhile ends when it
 * was last seen, the replacement starts when it was first seen.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import type { KubeTransport } from '../k8s/transport-types';
import { aDataDir } from '../history/testing';
import { startSimCluster, type SimCluster } from '../sim';
import { Hub } from './hub';
import { openHistory, rehydrate, type History } from './history';
import { detailOf } from './hub-views';
import { startLiveSource } from './live-source';

const WAIT = { timeout: 15_000, interval: 50 };
let sim: SimCluster;
let transport: KubeTransport;
let data: { dir: string; remove(): void };

beforeEach(async () => {
  data = aDataDir();
  sim = await startSimCluster({ manualClock: true, scenarios: ['seed-002-native-startup-probe', 'shutdown-legacy-before-app'], bookmarkIntervalMs: 200 });
  transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
});

afterEach(async () => {
  await sim.close();
  data.remove();
});

interface Life {
  hub: Hub;
  history: History;
  stop(): Promise<void>;
}

/** One run of the dashboard on the shared data directory, watching `namespaces` (all when empty). */
async function startLife(namespaces: string[] = []): Promise<Life> {
  const opened = openHistory(
    { dataDir: data.dir, retentionMs: 7 * 86_400_000, maxBytes: 1024 ** 3 },
    'sim',
    () => sim.engine.now(),
    () => {},
  );
  if (!('store' in opened)) throw new Error(opened.off);
  const history = opened;
  const hub = new Hub({
    now: () => sim.engine.now(),
    cluster: { name: 'sim', mode: 'demo' },
    retentionMs: 3_600_000,
    maxDeleted: 100,
    metricsHistoryMs: 3_600_000,
    history: history.recorder,
  });
  await rehydrate(hub, history, 3_600_000, namespaces);
  const source = startLiveSource(hub, { transport, clock: systemClock, namespaces, metricsIntervalMs: 1_000, silenceMs: 3_000 });
  await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
  return {
    hub,
    history,
    stop: async () => {
      await record(hub, history);
      source.stop();
      await history.store.close();
    },
  };
}

async function record(hub: Hub, history: History): Promise<void> {
  hub.flush();
  history.recorder.observeStatus(hub.status.current(sim.engine.now()), sim.engine.now());
  await history.recorder.flush();
}

async function synced(hub: Hub): Promise<void> {
  await vi.waitFor(async () => {
    const list = await transport.list('/api/v1/pods', {});
    for (const item of list.items) {
      const m = (item as { metadata: { uid: string; resourceVersion: string } }).metadata;
      expect(hub.pod(m.uid)?.digest.resourceVersion).toBe(m.resourceVersion);
    }
  }, WAIT);
}

async function runWatched(life: Life, ms: number, step = 1_000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.engine.advance(step);
    await synced(life.hub);
    await record(life.hub, life.history);
  }
}

const byPrefix = (hub: Hub, prefix: string) => [...hub.pods()].filter((e) => e.digest.name.startsWith(prefix));

describe('a restart in the middle of a scenario', () => {
  it('leaves one continuous, honest timeline per pod', async () => {
    const first = await startLife();
    await runWatched(first, 20_000);
    const [orders] = byPrefix(first.hub, 'orders-');
    const survivor = [...first.hub.pods()].find((e) => !e.digest.name.startsWith('orders-') && e.deletedAt === undefined);
    if (!orders || !survivor) throw new Error('scenario pods missing');
    const downAt = sim.engine.now();
    await first.stop();

    // While nobody watches, the orders pod is deleted (at 30 s) and replaced.
    for (let t = 0; t < 40_000; t += 1_000) sim.engine.advance(1_000);
    const upAt = sim.engine.now();

    const second = await startLife();
    await synced(second.hub);
    await record(second.hub, second.history);
    const { hub, history } = second;

    // The pod that lived across: one uid, one timeline, the gap marked and not bridged.
    const across = detailOf(hub, survivor.digest.namespace, survivor.digest.name);
    expect(across?.digest.uid).toBe(survivor.uid);
    expect(across?.lifecycle.gaps).toEqual([{ from: downAt, to: upAt, reason: 'process-down' }]);
    for (const lane of across?.lifecycle.lanes ?? []) {
      for (const s of lane.segments)
        expect(s.from.at < downAt && (s.to?.at ?? Number.POSITIVE_INFINITY) > upAt, `${lane.container} ${s.state} bridges the gap`).toBe(false);
    }

    // The pod deleted while down ends when it was last seen, not at the restart.
    const gone = hub.pod(orders.uid);
    expect(gone?.deletedAt).toBe(downAt);
    const stored = await history.store.podAt(orders.uid, upAt);
    expect([stored?.deletedAt, stored?.deletion]).toEqual([downAt, 'last-seen']);
    expect((await history.store.podsAt(downAt - 1)).map((p) => p.digest.uid)).toContain(orders.uid);
    expect((await history.store.podsAt(upAt)).map((p) => p.digest.uid)).not.toContain(orders.uid);

    // Its replacement starts when it was first seen, after the restart.
    const replacement = byPrefix(hub, 'orders-').find((e) => e.uid !== orders.uid && e.deletedAt === undefined);
    expect(replacement).toBeDefined();
    const fresh = await history.store.podAt(replacement?.uid ?? '', upAt + 1);
    expect(fresh?.firstSeen).toBeGreaterThanOrEqual(upAt);

    // One row per pod in the store, and the survivor's versions from both lives.
    const versions = await history.store.podAt(survivor.uid, downAt - 1);
    expect(versions?.digest.uid).toBe(survivor.uid);
    expect((await history.store.stats()).pods).toBe(new Set([...first.hub.pods(), ...hub.pods()].map((pod) => pod.uid)).size);
    await second.stop();
  });

  it('ends the pods of a namespace the allow-list no longer holds, when they were last seen, findings included', async () => {
    const first = await startLife();
    await runWatched(first, 20_000);
    const namespaces = [...new Set([...first.hub.pods()].map((e) => e.digest.namespace))].sort();
    expect(namespaces.length).toBeGreaterThanOrEqual(2);
    const [kept, dropped] = namespaces as [string, string];
    const droppedPods = [...first.hub.pods()].filter((e) => e.digest.namespace === dropped && e.deletedAt === undefined).map((e) => e.uid);
    expect(droppedPods.length).toBeGreaterThan(0);
    const downAt = sim.engine.now();
    await record(first.hub, first.history);
    const openBefore = (await first.history.store.findingsBetween(downAt, downAt)).filter((f) => f.finding.namespace === dropped);
    await first.stop();
    for (let t = 0; t < 5_000; t += 1_000) sim.engine.advance(1_000);
    const upAt = sim.engine.now();

    const second = await startLife([kept]);
    await record(second.hub, second.history);
    const { hub, history } = second;
    expect([...hub.livePods()].map((p) => p.key.split('/')[0])).toEqual(expect.arrayContaining([kept]));
    expect([...hub.livePods()].filter((p) => p.key.startsWith(`${dropped}/`))).toEqual([]);
    for (const uid of droppedPods) {
      const stored = await history.store.podAt(uid, upAt);
      expect([stored?.deletedAt, stored?.deletion]).toEqual([downAt, 'last-seen']);
    }
    expect((await history.store.openPods()).filter((p) => p.digest.namespace === dropped)).toEqual([]);
    expect(openBefore.length).toBeGreaterThan(0);
    expect((await history.store.findingsBetween(upAt, upAt)).filter((f) => f.finding.namespace === dropped)).toEqual([]);
    await second.stop();
  });
});
