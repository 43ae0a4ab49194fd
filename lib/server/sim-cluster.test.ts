/**
 * The hub against the simulated cluster, through the real client code (kubeconfig, client-node
 * auth, undici, Watch): first sync, observed transitions, cuts, 410, RBAC, metrics, retention.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import type { KubeTransport } from '../k8s/transport-types';
import { startSimCluster, type SimCluster } from '../sim';
import { Hub } from './hub';
import { detailOf, summaryOf } from './hub-views';
import { startLiveSource } from './live-source';
import { StreamFanout } from './stream-fanout';

const WAIT = { timeout: 15_000, interval: 50 };

let sim: SimCluster;
let transport: KubeTransport;
let hub: Hub;
let stop: () => void;
let offsetMs = 0;

beforeEach(async () => {
  offsetMs = 0;
  sim = await startSimCluster({
    manualClock: true,
    scenarios: ['seed-002-native-startup-probe', 'sidecar-crashloop', 'seed-002-legacy-sidecar'],
    bookmarkIntervalMs: 200,
  });
  transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
  hub = new Hub({
    now: () => sim.engine.now() + offsetMs,
    cluster: { name: 'sim', mode: 'demo' },
    retentionMs: 60_000,
    maxDeleted: 100,
    metricsHistoryMs: 3_600_000,
  });
  stop = startLiveSource(hub, { transport, clock: systemClock, namespaces: [], metricsIntervalMs: 100, silenceMs: 3_000 }).stop;
});

afterEach(async () => {
  stop();
  await sim.close();
});

async function apiPods(): Promise<string[]> {
  const list = await transport.list('/api/v1/pods', {});
  return list.items
    .map((p) => {
      const m = (p as { metadata: { namespace: string; name: string } }).metadata;
      return `${m.namespace}/${m.name}`;
    })
    .sort();
}

const livePods = () => [...hub.livePods()].map((pod) => pod.key).sort();

async function expectMirror(): Promise<void> {
  await vi.waitFor(async () => expect(livePods()).toEqual(await apiPods()), WAIT);
}

function run(ms: number, step = 1000): void {
  for (let t = 0; t < ms; t += step) sim.engine.advance(step);
}

/** Waits until the hub holds every pod at the API's current resourceVersion. */
async function synced(): Promise<void> {
  await vi.waitFor(async () => {
    const list = await transport.list('/api/v1/pods', {});
    for (const item of list.items) {
      const m = (item as { metadata: { uid: string; resourceVersion: string } }).metadata;
      expect(hub.pod(m.uid)?.digest.resourceVersion).toBe(m.resourceVersion);
    }
  }, WAIT);
}

/** Advances sim time in steps, letting the watch deliver each step before the next. */
async function runWatched(ms: number, step = 500): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    sim.engine.advance(step);
    await synced();
  }
}

describe('the hub on the simulated cluster', () => {
  it('syncs every pod on the first list and becomes ready', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    expect(livePods().length).toBeGreaterThan(0);
    await expectMirror();
    expect(summaryOf(hub).cluster.version).toMatch(/^v1\./);
    expect(summaryOf(hub).pods.total).toBe(livePods().length);
  });

  it('records transitions as it observes them, with its own clock', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    const before = sim.engine.now();
    await runWatched(30_000);
    const observed = [...hub.pods()].flatMap((e) => e.observations?.transitions ?? []).filter((t) => !t.untimed && t.at >= before && t.at <= sim.engine.now());
    expect(observed.filter((t) => t.kind === 'started' || t.kind === 'ready').length).toBeGreaterThan(0);
    const detail = [...hub.livePods()].map((pod) => detailOf(hub, pod.digest.namespace, pod.digest.name));
    const observedStamps = detail
      .flatMap((d) => d?.lifecycle.lanes ?? [])
      .flatMap((lane) => [lane.startedAt, lane.readyAt])
      .filter((s) => s?.source === 'observed');
    expect(observedStamps.length).toBeGreaterThan(0);
  });

  it('recovers from a cut watch and from 410 Gone without losing the final state', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    sim.faults.dropWatches({ abrupt: true });
    run(30_000);
    sim.faults.compact();
    sim.faults.dropWatches({ abrupt: false });
    run(30_000);
    await expectMirror();
    sim.faults.restart();
    run(10_000);
    await expectMirror();
    expect(hub.counters.watchRestarts.get('pods') ?? 0).toBeGreaterThan(0);
    await vi.waitFor(() => expect(summaryOf(hub).status.state).toBe('connected'), WAIT);
  });

  it('reports RBAC 403 as forbidden and recovers when access returns', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    sim.faults.respond(/^\/api\/v1\/pods/, 403);
    sim.faults.dropWatches({ abrupt: true });
    await vi.waitFor(() => expect(summaryOf(hub).status.state).toBe('forbidden'), WAIT);
    expect(livePods().length).toBeGreaterThan(0);
    sim.faults.clear();
    await vi.waitFor(() => expect(summaryOf(hub).status.state).toBe('connected'), WAIT);
  });

  it('says when the metrics API is absent', async () => {
    run(30_000);
    await vi.waitFor(() => expect(summaryOf(hub).metrics.available).toBe(true), WAIT);
    sim.faults.metrics(false);
    await vi.waitFor(() => expect(summaryOf(hub).metrics.reason ?? '').toMatch(/metrics-server/), WAIT);
    expect(summaryOf(hub).metrics.available).toBe(false);
  });

  it('keeps a client that never reads within its bounded buffer while the cluster churns', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    const fanout = new StreamFanout(hub, { maxClients: 2, limits: { maxFrames: 8, maxBytes: 64 * 1024 }, summaryEveryMs: 0 });
    const slow = fanout.connect();
    let peakBytes = 0;
    for (let i = 0; i < 40; i += 1) {
      sim.engine.advance(2_000);
      await synced();
      fanout.tick();
      peakBytes = Math.max(peakBytes, slow.queued().bytes);
    }
    expect(slow.overflows).toBeGreaterThan(0);
    expect(peakBytes).toBeLessThanOrEqual(64 * 1024);
    expect(await slow.next()).toMatch(/"type":"resync"/);
    fanout.close();
  });

  it('retains a deleted pod for the retention window, then drops it', async () => {
    await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
    const [key] = livePods();
    if (!key) throw new Error('the simulated cluster has no pods');
    const [namespace = '', name = ''] = key.split('/');
    sim.store.apply({ type: 'delete-pod', namespace, name });
    await vi.waitFor(() => expect(detailOf(hub, namespace, name)?.row.deleted).toBe(true), WAIT);
    offsetMs = 61_000;
    expect(detailOf(hub, namespace, name)).toBeUndefined();
  });
});
