import { describe, expect, it } from 'vitest';
import { SCENARIO_LABEL, SCENARIO_NAMES } from '.';
import { findStatus, simulate, statusOf, terminated } from '../testing';

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

describe('seed scenarios', () => {
  it('seed 003: nginx and log-processor both run and the pod becomes Ready with conditions in kubelet order', () => {
    const sim = simulate(['seed-003-nginx-log-processor']);
    sim.run(30);
    const pod = sim.pod('sidecar-demo');
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.conditions?.map((c) => c.type)).toEqual(CONDITION_ORDER);
    expect(pod.status.conditions?.filter((c) => c.status !== 'True' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(c.lastTransitionTime))).toEqual([]);
    expect(pod.spec.volumes).toContainEqual({ name: 'shared-logs', emptyDir: {} });
    expect(pod.metadata.labels?.[SCENARIO_LABEL]).toBe('seed-003-nginx-log-processor');
  });

  it('seed 003: the init + sidecar pod runs setup to completion before app and monitor start', () => {
    const sim = simulate(['seed-003-init-and-sidecar']);
    sim.run(30);
    const pod = sim.pod('init-and-sidecar');
    const setupDone = Date.parse(terminated(pod, 'setup')?.finishedAt ?? '');
    const appState = statusOf(pod, 'app').state;
    expect(appState, 'app is running').toHaveProperty('running.startedAt');
    expect(Date.parse('running' in appState ? appState.running.startedAt : '')).toBeGreaterThanOrEqual(setupDone);
    expect(pod.status.phase).toBe('Running');
  });

  it('seed 001: app, envoy and fluentd carry exactly the requests of the seed, and a fake DB_PASSWORD', () => {
    const sim = simulate(['seed-001-envoy-fluentd']);
    sim.run(20);
    const pods = sim.pods().filter((p) => p.metadata.name.startsWith('myapp-'));
    expect(pods).toHaveLength(3);
    const requests = Object.fromEntries((pods[0]?.spec.containers ?? []).map((c) => [c.name, c.resources?.requests]));
    expect(requests).toEqual({
      app: { memory: '256Mi', cpu: '500m' },
      envoy: { memory: '128Mi', cpu: '100m' },
      'log-collector': { memory: '64Mi', cpu: '50m' },
    });
    expect(pods[0]?.spec.containers[0]?.env).toContainEqual({ name: 'DB_PASSWORD', value: expect.any(String) });
    expect(pods[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
  });

  it('seed 000: the logging sidecar memory climbs in PodMetrics until it is OOMKilled with 137 and restarts', () => {
    const sim = simulate(['seed-000-logger-oom']);
    const samples: number[] = [];
    for (let i = 0; i < 16; i++) {
      sim.run(15);
      const usage = sim.store
        .podMetrics('shop')
        .flatMap((m) => m.containers)
        .find((c) => c.name === 'fluent-bit');
      if (usage) samples.push(Number(usage.usage.memory.replace('Ki', '')));
    }
    expect(samples.length).toBeGreaterThan(8);
    expect(samples[6]).toBeGreaterThan(samples[0] ?? Infinity);
    expect(Math.max(...samples)).toBeLessThanOrEqual(256 * 1024);
    const pod = sim.pod('checkout-');
    expect(statusOf(pod, 'fluent-bit').lastState).toMatchObject({ terminated: { reason: 'OOMKilled', exitCode: 137 } });
    expect(statusOf(pod, 'fluent-bit').restartCount).toBeGreaterThanOrEqual(1);
  });

  it('seed 000: an OOM kill brings only what a kubelet records: Pulled/Created/Started per restart and BackOff on every sync while backing off', () => {
    const sim = simulate(['seed-000-logger-oom']);
    sim.run(20 * 60);
    const pod = sim.pod('checkout-');
    const restarts = statusOf(pod, 'fluent-bit').restartCount;
    const events = sim.events(pod.metadata.name).filter((e) => (e.involvedObject as { fieldPath?: string }).fieldPath === 'spec.containers{fluent-bit}');
    const count = (reason: string, message = '') =>
      events.filter((e) => e.reason === reason && String(e.message).includes(message)).reduce((sum, e) => sum + Number(e.count ?? 1), 0);
    expect(restarts).toBeGreaterThanOrEqual(4);
    expect(new Set(events.map((e) => e.reason))).toEqual(new Set(['Pulling', 'Pulled', 'Created', 'Started', 'BackOff']));
    expect([count('Created'), count('Started'), count('Pulled', 'already present on machine')]).toEqual([restarts + 1, restarts + 1, restarts]);
    const backOffs = new Set(
      sim.historyOf(pod.metadata.uid).flatMap(({ pod: snapshot }) => {
        const status = findStatus(snapshot, 'fluent-bit');
        return status && 'waiting' in status.state && status.state.waiting.reason === 'CrashLoopBackOff' ? [String(status.restartCount)] : [];
      }),
    );
    expect(count('BackOff')).toBeGreaterThan(backOffs.size);
  });

  it('kubelet events name the container in fieldPath and the scheduler reports Scheduled', () => {
    const sim = simulate(['seed-003-init-and-sidecar']);
    sim.run(20);
    const events = sim.events('init-and-sidecar');
    const reasons = new Set(events.map((e) => e.reason));
    for (const r of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) expect(reasons).toContain(r);
    expect(events.find((e) => e.reason === 'Started' && String(e.message).endsWith('setup'))).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'init-and-sidecar', fieldPath: 'spec.initContainers{setup}' },
      source: { component: 'kubelet' },
      count: 1,
    });
    expect(events.find((e) => e.reason === 'Scheduled')).toMatchObject({ reportingComponent: 'default-scheduler', firstTimestamp: null });
  });

  it('pods carry what a real API server adds and the dashboard must trim: managedFields, and last-applied for kubectl-applied pods', () => {
    const sim = simulate(['seed-003-nginx-log-processor', 'seed-001-envoy-fluentd']);
    sim.run(5);
    const bare = sim.pod('sidecar-demo');
    const owned = sim.pod('myapp-');
    expect(bare.metadata.managedFields?.length).toBeGreaterThan(0);
    expect(JSON.parse(bare.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}')).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'sidecar-demo' },
    });
    expect(owned.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kube-controller-manager' })]);
    expect(owned.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('the same seed produces the same cluster', () => {
    const names = (seed: number) => {
      const sim = simulate(['seed-001-envoy-fluentd', 'sidecar-crashloop'], { seed });
      sim.run(60);
      return sim.pods().map((p) => `${p.metadata.name} ${p.metadata.uid} ${p.metadata.resourceVersion}`);
    };
    expect(names(11)).toEqual(names(11));
    expect(names(11)).not.toEqual(names(12));
  });

  it('every scenario name but churn starts pods labelled with it', () => {
    const named = SCENARIO_NAMES.filter((n) => n !== 'churn');
    const sim = simulate([...named]);
    sim.run(15); // workload-istio-replicas rolls its first replica out at 10 s
    const labels = new Set(sim.pods().map((p) => p.metadata.labels?.[SCENARIO_LABEL]));
    expect([...labels].sort()).toEqual([...named].sort());
  });

  it('churn creates the requested pods across namespaces and keeps updating them', () => {
    const sim = simulate([], { churn: { pods: 2_000, namespaces: 4, updatesPerSecond: 100 } });
    expect(sim.pods()).toHaveLength(2_000);
    expect(new Set(sim.pods().map((p) => p.metadata.namespace)).size).toBe(4);
    const rv = Number(sim.store.resourceVersion);
    sim.run(10);
    expect(Number(sim.store.resourceVersion) - rv).toBeGreaterThanOrEqual(900);
    expect(sim.pods()).toHaveLength(2_000);
    const metrics = sim.engine.churnPodMetrics('churn-01');
    expect(metrics).toHaveLength(500);
    const podNames = new Set(sim.pods().map((p) => p.metadata.name));
    expect(metrics.filter((m) => !podNames.has(m.name) || m.containers.map((c) => c.name).join() !== 'app,istio-proxy')).toEqual([]);
  });
});
