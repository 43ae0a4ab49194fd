import { describe, expect, it } from 'vitest';
import { findStatus, firstTime, simulate, statusOf, terminated } from '../testing';

const finishedMs = (t: { finishedAt: string } | undefined) => (t ? Date.parse(t.finishedAt) : Number.NaN);

describe('a crash-looping sidecar', () => {
  // The 10 s step never shows as a waiting state: it is over before the pod worker's retry
  // publishes one (lib/sim/kubelet/back-off.ts; seen on Kubernetes' own kubelet, test/kubelet).
  it('walks the back-off ladder 10s, 20s, 40s, 1m20s, 2m40s: the kubelet waiting message from 20s on, and BackOff events', () => {
    const sim = simulate(['sidecar-crashloop']);
    sim.run(4 * 60);
    const pod = sim.pod('payments-');
    const messages = new Set(
      sim
        .historyOf(pod.metadata.uid)
        .map((s) => findStatus(s.pod, 'istio-proxy')?.state)
        .flatMap((state) => (state && 'waiting' in state && state.waiting.reason === 'CrashLoopBackOff' ? [state.waiting.message] : [])),
    );
    const expected = (d: string) => `back-off ${d} restarting failed container=istio-proxy pod=${pod.metadata.name}_mesh(${pod.metadata.uid})`;
    expect([...messages].slice(0, 4)).toEqual([expected('20s'), expected('40s'), expected('1m20s'), expected('2m40s')]);
    const backOff = sim.events(pod.metadata.name).find((e) => e.reason === 'BackOff');
    expect(backOff).toMatchObject({ type: 'Warning', involvedObject: { fieldPath: 'spec.initContainers{istio-proxy}' } });
    expect(Number(backOff?.count)).toBeGreaterThan(1);
    const proxy = statusOf(pod, 'istio-proxy');
    expect(proxy.restartCount).toBeGreaterThanOrEqual(4);
    expect(proxy.lastState).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } });
    const present = sim.events(pod.metadata.name).find((e) => e.reason === 'Pulled' && String(e.message).includes('already present on machine'));
    expect(present).toMatchObject({
      involvedObject: { fieldPath: 'spec.initContainers{istio-proxy}' },
      message: 'Container image "docker.io/istio/proxyv2:1.22.0" already present on machine',
    });
    expect(Number(present?.count)).toBeGreaterThanOrEqual(3);
  });

  it('caps the back-off at 5m0s', () => {
    const sim = simulate(['sidecar-crashloop']);
    sim.run(30 * 60);
    const pod = sim.pod('payments-');
    const last = sim
      .historyOf(pod.metadata.uid)
      .map((s) => findStatus(s.pod, 'istio-proxy')?.state)
      .filter((s) => s && 'waiting' in s && s.waiting.reason === 'CrashLoopBackOff')
      .at(-1);
    expect(last && 'waiting' in last ? last.waiting.message : '').toMatch(/^back-off 5m0s restarting failed container=istio-proxy /);
  });

  it('reports a completed regular init container as started false, ready true', () => {
    const sim = simulate(['sidecar-crashloop']);
    sim.run(10);
    expect(statusOf(sim.pod('payments-'), 'istio-init')).toMatchObject({
      started: false,
      ready: true,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
  });
});

describe('Jobs with a database proxy sidecar', () => {
  it('a legacy sidecar keeps the Job pod Running after the exporter completed', () => {
    const sim = simulate(['job-legacy-sidecar-forever']);
    sim.run(10 * 60);
    const pod = sim.pod('report-export-');
    expect(terminated(pod, 'exporter')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(statusOf(pod, 'cloud-sql-proxy').state).toHaveProperty('running');
    expect(pod.status.phase).toBe('Running');
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', controller: true });
  });

  it('a native sidecar is stopped after the exporter completes and the pod succeeds', () => {
    const sim = simulate(['job-native-sidecar-completes']);
    sim.run(40);
    const pod = sim.pod('report-export-native-');
    const exporter = terminated(pod, 'exporter');
    const proxy = terminated(pod, 'cloud-sql-proxy');
    expect(exporter).toMatchObject({ exitCode: 0 });
    expect(proxy).toMatchObject({ exitCode: 143 });
    expect(finishedMs(proxy)).toBeGreaterThanOrEqual(finishedMs(exporter));
    expect(pod.status.phase).toBe('Succeeded');
    expect(pod.status.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
  });
});

describe('shutdown', () => {
  const deletedPod = (scenario: string, prefix: string, seconds: number) => {
    const sim = simulate([scenario]);
    sim.run(seconds);
    const deleting = sim.history.filter((s) => s.pod.metadata.name.startsWith(prefix) && s.pod.metadata.deletionTimestamp);
    const last = deleting.at(-1);
    if (!last) throw new Error(`no deleted ${prefix} pod`);
    return { sim, pod: last.pod, marked: deleting[0]?.pod, deletedAt: firstTime(deleting, () => true) ?? 0 };
  };

  it('legacy: envoy gets SIGTERM with the app and exits first while the app drains', () => {
    const { pod, marked } = deletedPod('shutdown-legacy-before-app', 'orders-', 45);
    const app = terminated(pod, 'orders');
    const envoy = terminated(pod, 'envoy');
    expect(envoy).toMatchObject({ exitCode: 143 });
    expect(app).toMatchObject({ exitCode: 143 });
    expect(finishedMs(app) - finishedMs(envoy)).toBeGreaterThanOrEqual(6_000);
    expect(marked?.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(0);
  });

  it('native: the app stops first, then the sidecars in reverse order of declaration', () => {
    const { sim, pod } = deletedPod('shutdown-native-reverse-order', 'orders-native-', 50);
    const history = sim.historyOf(pod.metadata.uid);
    const names = ['orders', 'fluent-bit', 'envoy'];
    const finished = names.map((n) => finishedMs(terminated(pod, n)));
    expect(finished.filter((t) => !Number.isFinite(t))).toEqual([]);
    expect(finished[1]).toBeGreaterThanOrEqual(finished[0] ?? Infinity);
    expect(finished[2]).toBeGreaterThanOrEqual(finished[1] ?? Infinity);
    // The kubelet's pod worker is blocked in the kill until the last container is down: all three
    // exits become visible together (Kubernetes' own kubelet, test/kubelet).
    const observed = new Set(names.map((n) => firstTime(history, (p) => terminated(p, n) !== undefined)));
    expect(observed.size).toBe(1);
  });

  it('a container that ignores SIGTERM is SIGKILLed with 137 when the grace period ends', () => {
    const { pod, deletedAt } = deletedPod('shutdown-grace-period-sigkill', 'legacy-api-', 55);
    const api = terminated(pod, 'legacy-api');
    expect(api).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(finishedMs(api) - Math.floor(deletedAt / 1000) * 1000).toBeGreaterThanOrEqual(9_000);
    expect(terminated(pod, 'fluent-bit')).toMatchObject({ exitCode: 143 });
  });

  it('the deleted pod disappears and a replacement keeps the demo going', () => {
    const sim = simulate(['shutdown-legacy-before-app']);
    sim.run(3 * 60);
    const names = new Set(sim.history.map((s) => s.pod.metadata.name));
    expect(names.size).toBeGreaterThanOrEqual(3);
    expect(sim.pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(1);
  });
});
