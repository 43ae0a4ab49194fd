/**
 * The hub under a hostile API server, through the real client code, with the sim's fault
 * switches: silent stalls, 410 storms, 429/500 answers, 403 on events only, metrics going and
 * coming back, malformed and oversized pods. Each case ends with the hub serving, the right
 * status, and the same pods at the same resourceVersions as the cluster. (Cuts, restart with a
 * new history, 403 on pods and a client that never reads are in sim-cluster.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import type { KubeTransport } from '../k8s/transport-types';
import { startSimCluster, type SimCluster } from '../sim';
import type { Pod } from '../sim/kube-types';
import { Hub } from './hub';
import { summaryOf } from './hub-views';
import { startLiveSource } from './live-source';

const WAIT = { timeout: 20_000, interval: 50 };
const MAX_DELETED = 50;

let sim: SimCluster;
let transport: KubeTransport;
let hub: Hub;
let stop: () => void;

beforeEach(async () => {
  sim = await startSimCluster({
    manualClock: true,
    scenarios: ['sidecar-crashloop', 'seed-002-legacy-sidecar', 'churn'],
    churn: { pods: 200, updatesPerSecond: 20 },
    bookmarkIntervalMs: 200,
  });
  transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
  hub = new Hub({
    now: () => sim.engine.now(),
    cluster: { name: 'sim', mode: 'demo' },
    retentionMs: 600_000,
    maxDeleted: MAX_DELETED,
    metricsHistoryMs: 600_000,
  });
  stop = startLiveSource(hub, { transport, clock: systemClock, namespaces: [], metricsIntervalMs: 100, silenceMs: 1_500 }).stop;
  await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
});

afterEach(async () => {
  stop();
  await sim.close();
});

/** uid → resourceVersion of every well-formed pod the cluster holds now (read from the store). */
function clusterPods(): Map<string, string> {
  const pods = sim.store.list('pods').filter((p) => p !== sim.faults.malformedPod);
  return new Map(pods.map((p) => [String(p.metadata.uid), String(p.metadata.resourceVersion)]));
}

/** The hub holds exactly the cluster's live pods, each at the cluster's resourceVersion. */
async function expectMirror(): Promise<void> {
  await vi.waitFor(() => {
    const expected = clusterPods();
    const held = new Map([...hub.livePods()].map((pod) => [pod.uid, pod.digest.resourceVersion]));
    held.delete(String((sim.faults.malformedPod as Pod | undefined)?.metadata.uid));
    expect(held).toEqual(expected);
  }, WAIT);
}

async function expectConnected(): Promise<void> {
  await vi.waitFor(() => expect(summaryOf(hub).status.state).toBe('connected'), WAIT);
}

function expectBounded(): void {
  expect([...hub.pods()].length).toBeLessThanOrEqual(hub.size.live + MAX_DELETED);
  expect(hub.size.deleted).toBeLessThanOrEqual(MAX_DELETED);
}

function run(ms: number, step = 1000): void {
  for (let t = 0; t < ms; t += step) sim.engine.advance(step);
}

describe('the hub under API faults', () => {
  it('restarts a watch that went silent, keeps serving meanwhile, and catches up on what changed during the stall', async () => {
    const restarts = hub.counters.watchRestarts.get('pods') ?? 0;
    const before = hub.size.live;
    sim.faults.stallWatches(true);
    const rv = sim.store.resourceVersion;
    run(10_000);
    expect(sim.store.resourceVersion).not.toBe(rv);
    // Nothing was delivered during the stall: the hub serves the last state it had. (Checked before
    // the restart: once the relist starts, its pages are applied a slice at a time, so by the time
    // the restart is seen the hub may already hold some of what changed.)
    expect(hub.size.live).toBe(before);
    await vi.waitFor(() => expect(hub.counters.watchRestarts.get('pods') ?? 0).toBeGreaterThan(restarts), WAIT);
    expect(hub.size.live).toBeGreaterThan(0);
    sim.faults.stallWatches(false);
    run(10_000);
    await expectMirror();
    await expectConnected();
    expectBounded();
  });

  it('survives a storm of 410 Gone (compaction after every cut) and ends on the cluster state', async () => {
    for (let round = 0; round < 6; round += 1) {
      run(10_000);
      sim.faults.compact();
      sim.faults.dropWatches({ abrupt: round % 2 === 0 });
    }
    run(5_000);
    await expectMirror();
    await expectConnected();
    expectBounded();
  });

  it.each([
    { status: 429, retryAfterSeconds: 1 },
    { status: 500, retryAfterSeconds: undefined },
  ])('retries pod lists answered $status, keeps serving the last state meanwhile, then recovers', async ({ status, retryAfterSeconds }) => {
    const before = hub.size.live;
    sim.faults.respond(/^\/api\/v1\/pods/, status, { times: 3, retryAfterSeconds });
    sim.faults.compact();
    sim.faults.dropWatches({ abrupt: true });
    run(10_000);
    expect(hub.size.live).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
    expect(summaryOf(hub).pods.total).toBeGreaterThan(0);
    await expectMirror();
    await expectConnected();
  });

  it('keeps the dashboard connected and pods flowing when only events are forbidden', async () => {
    sim.faults.respond(/events/, 403);
    sim.faults.dropWatches({ abrupt: true });
    run(15_000);
    await expectMirror();
    expect(summaryOf(hub).status.state).not.toBe('forbidden');
    await expectConnected();
  });

  it('says metrics are gone while they are, and takes samples again when they return', async () => {
    run(20_000);
    await vi.waitFor(() => expect(summaryOf(hub).metrics.available).toBe(true), WAIT);
    sim.faults.metrics(false);
    await vi.waitFor(() => expect(summaryOf(hub).metrics.available).toBe(false), WAIT);
    expect(summaryOf(hub).status.state).toBe('connected');
    sim.faults.metrics(true);
    run(20_000);
    await vi.waitFor(() => expect(summaryOf(hub).metrics.available).toBe(true), WAIT);
  });

  it('serves the well-formed pods when a malformed pod appears in watches and lists', async () => {
    sim.faults.malformed();
    run(5_000);
    sim.faults.dropWatches({ abrupt: true });
    run(5_000);
    await expectMirror();
    expect(() => summaryOf(hub)).not.toThrow();
    await expectConnected();
    sim.faults.malformed(false);
    sim.faults.dropWatches({ abrupt: false });
    await expectMirror();
  });

  it('takes an oversized pod (megabyte annotations, hundreds of containers) without falling over', async () => {
    const [template] = sim.store.list('pods') as unknown as Pod[];
    if (!template) throw new Error('the simulated cluster has no pods');
    const containers = Array.from({ length: 300 }, (_, i) => ({ ...template.spec.containers[0], name: `c-${i}` }));
    const huge: Pod = {
      ...template,
      metadata: { ...template.metadata, name: 'oversized', uid: 'oversized-uid', annotations: { blob: 'x'.repeat(1_500_000) } },
      spec: { ...template.spec, containers },
    } as Pod;
    sim.store.apply({ type: 'create-pod', object: huge });
    run(5_000);
    await expectMirror();
    const entry = hub.pod('oversized-uid');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry?.derived?.row ?? {}).length).toBeLessThan(100_000);
    await expectConnected();
  });
});
