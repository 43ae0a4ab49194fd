/**
 * The workload read model and the previous-run logs against the simulated cluster, through the
 * real client code: replicas aligned with the slow one marked, probe advice, and `pods/log`
 * called only when logs are enabled.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { readPreviousLog } from '../k8s/pod-logs';
import { createKubeTransport } from '../k8s/transport';
import type { KubeTransport } from '../k8s/transport-types';
import { startSimCluster, type SimCluster } from '../sim';
import { Hub } from './hub';
import { startLiveSource } from './live-source';
import { ConfigError, readConfig } from './config';
import { previousLogOf } from './pod-logs';
import { createRuntime, type PreviousLogReader } from './runtime';
import { workloadOf } from './workload-view';

const WAIT = { timeout: 15_000, interval: 50 };

let sim: SimCluster;
let transport: KubeTransport;
let hub: Hub;
let stop: () => void;
const requests: string[] = [];

async function synced(): Promise<void> {
  await vi.waitFor(async () => {
    const list = await transport.list('/api/v1/pods', {});
    for (const item of list.items) {
      const m = (item as { metadata: { uid: string; resourceVersion: string } }).metadata;
      expect(hub.pod(m.uid)?.digest.resourceVersion).toBe(m.resourceVersion);
    }
  }, WAIT);
}

beforeAll(async () => {
  sim = await startSimCluster({
    manualClock: true,
    scenarios: ['workload-istio-replicas', 'sidecar-crashloop'],
    bookmarkIntervalMs: 200,
    onRequest: (r) => requests.push(r.url),
  });
  transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
  hub = new Hub({ now: () => sim.engine.now(), cluster: { name: 'sim', mode: 'demo' }, retentionMs: 60_000, maxDeleted: 100, metricsHistoryMs: 3_600_000 });
  stop = startLiveSource(hub, { transport, clock: systemClock, namespaces: [], metricsIntervalMs: 100, silenceMs: 3_000 }).stop;
  await vi.waitFor(() => expect(hub.isReady()).toBe(true), WAIT);
  for (let t = 0; t < 60_000; t += 500) {
    sim.engine.advance(500);
    await synced();
  }
}, 60_000);

afterAll(async () => {
  stop();
  await sim.close();
});

const podOf = (namespace: string) => [...hub.livePods()].find((pod) => pod.digest.namespace === namespace)?.digest.name ?? '';

describe('the workload read model', () => {
  it('aligns the six replicas at their pod start, marks the slow one, and measures every container', () => {
    const detail = workloadOf(hub, 'storefront', 'Deployment', 'storefront', false);
    expect(detail?.pods).toBe(6);
    expect(detail?.replicas).toHaveLength(6);
    expect(detail?.replicas.filter((r) => r.isSlow)).toHaveLength(1);
    expect(detail?.replicas[0]?.isSlow).toBe(true);
    const storefront = detail?.containers.find((c) => c.container === 'storefront');
    expect(storefront?.toReady.samples).toBe(6);
    expect(storefront?.toReady.bins.reduce((sum, b) => sum + b.count, 0)).toBe(6);
    expect(storefront?.toReady.p99 ?? 0).toBeGreaterThan(2 * (storefront?.toReady.p50 ?? Infinity));
    expect(detail?.advice.map((a) => `${a.kind} ${a.container}`)).toEqual(['readiness-before-serving storefront', 'make-native-sidecar istio-proxy']);
    expect(detail?.findings.find((f) => f.id === 'legacy-sidecar')?.pods).toBe(6);
  });

  it('knows no workload it has no pod of', () => {
    expect(workloadOf(hub, 'storefront', 'StatefulSet', 'storefront', false)).toBeUndefined();
  });
});

describe("the previous run's log", () => {
  const reader: PreviousLogReader = (request) => readPreviousLog(transport, request);

  it("reads the crash-looping istio-proxy's last lines when enabled", async () => {
    const tail = await previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'istio-proxy');
    expect(tail.enabled).toBe(true);
    if (!tail.enabled) return;
    expect(tail.lines.at(-1)).toMatch(/pilot-agent exiting$/);
    expect(tail.command).toBe(`kubectl logs -n mesh ${podOf('mesh')} -c istio-proxy --previous --tail=200`);
    expect(requests.some((url) => url.includes('/log?'))).toBe(true);
  });

  it('never calls pods/log when disabled, and gives the kubectl command instead', async () => {
    requests.length = 0;
    const tail = await previousLogOf(hub, undefined, 'mesh', podOf('mesh'), 'istio-proxy');
    expect(tail).toMatchObject({ enabled: false, command: `kubectl logs -n mesh ${podOf('mesh')} -c istio-proxy --previous --tail=200` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.filter((url) => url.includes('/log'))).toEqual([]);
  });

  it('falls back to the command when RBAC refuses get pods/log', async () => {
    sim.faults.respond(/\/log/, 403, {
      times: 1,
      message:
        'pods "x" is forbidden: User "system:serviceaccount:sidecarscope:sidecarscope" cannot get resource "pods/log" in API group "" in the namespace "mesh"',
    });
    const tail = await previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'istio-proxy');
    expect(tail.enabled).toBe(false);
    if (tail.enabled) return;
    expect(tail.reason).toContain('cannot get resource "pods/log"');
  });

  it('refuses a container the pod does not have, or a pod it does not know, without calling the API', async () => {
    requests.length = 0;
    await expect(previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'nope')).rejects.toMatchObject({ status: 404 });
    await expect(previousLogOf(hub, reader, 'mesh', 'unknown-pod', 'istio-proxy')).rejects.toMatchObject({ status: 404 });
    await expect(previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'Bad Name')).rejects.toMatchObject({ status: 400 });
    expect(requests.filter((url) => url.includes('/log'))).toEqual([]);
  });

  it('reads at most four logs at once and says so to the fifth', async () => {
    const release: (() => void)[] = [];
    const stuck: PreviousLogReader = () => new Promise((resolve) => release.push(() => resolve({ lines: ['ok'], truncated: false })));
    const pending = Array.from({ length: 4 }, () => previousLogOf(hub, stuck, 'mesh', podOf('mesh'), 'istio-proxy'));
    await expect(previousLogOf(hub, stuck, 'mesh', podOf('mesh'), 'istio-proxy')).rejects.toMatchObject({ status: 429 });
    for (const done of release) done();
    await Promise.all(pending);
    await expect(previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'istio-proxy')).resolves.toMatchObject({ enabled: true });
  });

  it('says when there is no previous run', async () => {
    await expect(previousLogOf(hub, reader, 'mesh', podOf('mesh'), 'payments')).rejects.toMatchObject({ status: 404, code: 'no-previous-run' });
  });
});

describe('the logs setting', () => {
  const reader: PreviousLogReader = () => Promise.resolve({ lines: [], truncated: false });
  const runtimeWith = (env: Record<string, string>) => createRuntime(readConfig(env), systemClock, () => ({ stop: () => {} }), 'test', { logs: reader });

  it('is off by default: the runtime then holds no log reader even when offered one', () => {
    const off = runtimeWith({});
    expect(off.config.logsEnabled).toBe(false);
    expect(off.logs).toBeUndefined();
    off.stop();
    const on = runtimeWith({ SIDECARSCOPE_LOGS_ENABLED: 'true' });
    expect(on.logs).toBe(reader);
    on.stop();
  });

  it('refuses a value that is not true or false', () => {
    expect(() => readConfig({ SIDECARSCOPE_LOGS_ENABLED: 'yes' })).toThrow(ConfigError);
  });
});
