import { CoreV1Api, KubeConfig, makeInformer, Metrics, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_LABEL, SCENARIO_NAMES, startSimCluster, type SimCluster } from '.';
import { T0 } from './testing';

let sim: SimCluster;
let kc: KubeConfig;

beforeAll(async () => {
  sim = await startSimCluster({ manualClock: true, startTime: T0, seed: 9 });
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
});
afterAll(() => sim.close());

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('@kubernetes/client-node against the simulated cluster', () => {
  it('removes its own temporary kubeconfig directory on close', async () => {
    const other = await startSimCluster({ manualClock: true, scenarios: [] });
    const { existsSync } = await import('node:fs');
    expect(existsSync(other.kubeconfigPath)).toBe(true);
    await other.close();
    expect(existsSync(other.kubeconfigPath)).toBe(false);
  });

  it('loads the written kubeconfig with one context named sidecarscope-demo', () => {
    expect(kc.getContexts().map((c) => c.name)).toEqual(['sidecarscope-demo']);
    expect(kc.getCurrentCluster()?.server).toBe(sim.url);
  });

  it('an informer over listPodForAllNamespaces sees every scenario pod and their transitions', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
    const phases = new Map<string, Set<string>>();
    const record = (pod: V1Pod) => {
      const key = pod.metadata?.name ?? '';
      phases.set(key, (phases.get(key) ?? new Set()).add(pod.status?.phase ?? ''));
    };
    informer.on('add', record);
    informer.on('update', record);
    await informer.start();
    sim.engine.advance(1);
    const expected = sim.store.list('pods').map((p) => p.metadata.name);
    await waitFor(() => informer.list().length === expected.length, 'the initial list');
    for (let i = 0; i < 12; i++) {
      sim.engine.advance(5_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => [...phases.values()].some((s) => s.has('Succeeded')), 'a Job pod to succeed');
    await informer.stop();
    const scenarios = new Set(informer.list().map((p) => p.metadata?.labels?.[SCENARIO_LABEL]));
    expect(scenarios.size).toBe(SCENARIO_NAMES.length - 1);
    const probeRun = [...phases.entries()].find(([name]) => name.startsWith('sidecar-cronjob-probe-'));
    expect([...(probeRun?.[1] ?? [])]).toEqual(['Pending', 'Running', 'Succeeded']);
  });

  it('a namespaced informer over listNamespacedPod sees only that namespace', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/shop/pods', () => api.listNamespacedPod({ namespace: 'shop' }));
    await informer.start();
    await waitFor(() => informer.list().length > 0, 'shop pods');
    await informer.stop();
    expect(new Set(informer.list().map((p) => p.metadata?.namespace))).toEqual(new Set(['shop']));
  });

  it('reads PodMetrics through the Metrics client', async () => {
    sim.engine.advance(15_000);
    const metrics = await new Metrics(kc).getPodMetrics('shop');
    expect(metrics.items.length).toBeGreaterThan(0);
    expect(metrics.items[0]?.containers[0]?.usage.cpu).toMatch(/^\d+n$/);
  });
});
