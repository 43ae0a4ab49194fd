import { describe, expect, it } from 'vitest';
import { findStatus, firstTime, isReady, isRunning, isStarted, simulate, statusOf, terminated } from '../testing';

const startedAtMs = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

describe('seed 002: the CronJob race in four forms', () => {
  it('legacy sidecar: the user exits 1 about two seconds after slow-sidecar starts, which becomes ready about five seconds later', () => {
    const sim = simulate(['seed-002-legacy-sidecar']);
    sim.run(15);
    const pod = sim.pod('sidecar-cronjob-');
    const history = sim.historyOf(pod.metadata.uid);
    const slowStarted = firstTime(history, isRunning('slow-sidecar'));
    const userFailed = firstTime(history, (p) => terminated(p, 'sidecar-user')?.exitCode === 1);
    const slowReady = firstTime(history, isReady('slow-sidecar'));
    expect(slowStarted).toBeDefined();
    expect((userFailed ?? 0) - (slowStarted ?? 0)).toBeGreaterThanOrEqual(1_500);
    expect((userFailed ?? 0) - (slowStarted ?? 0)).toBeLessThanOrEqual(3_000);
    expect((slowReady ?? 0) - (slowStarted ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect((slowReady ?? 0) - (slowStarted ?? 0)).toBeLessThanOrEqual(7_000);
    expect(terminated(pod, 'sidecar-user')).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(pod.status.phase).toBe('Running');
    expect(pod.spec.initContainers).toBeUndefined();
  });

  it('plain init container: the pod stays Pending with Initialized False and the user never starts', () => {
    const sim = simulate(['seed-002-plain-init']);
    sim.run(50);
    const pod = sim.pod('sidecar-cronjob-init-');
    expect(pod.status.phase).toBe('Pending');
    // Started (it runs and has no startupProbe), never ready: as Kubernetes' own kubelet reports it (test/kubelet).
    expect(statusOf(pod, 'slow-sidecar')).toMatchObject({ started: true, ready: false, state: { running: expect.anything() } });
    expect(statusOf(pod, 'sidecar-user').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(pod.status.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
  });

  it('native sidecar without startupProbe: started as soon as it runs, yet the user still fails and the pod fails', () => {
    const sim = simulate(['seed-002-native-no-startup-probe']);
    sim.run(20);
    const pod = sim.pod('sidecar-cronjob-native-');
    const history = sim.historyOf(pod.metadata.uid);
    const sidecarStarted = firstTime(history, isStarted('slow-sidecar'));
    const sidecarRunning = firstTime(history, isRunning('slow-sidecar'));
    expect(sidecarStarted).toBe(sidecarRunning);
    const initializing = history.find((s) => isReady('slow-sidecar')(s.pod) && 'waiting' in (findStatus(s.pod, 'sidecar-user')?.state ?? {}));
    expect(initializing && statusOf(initializing.pod, 'sidecar-user').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(terminated(pod, 'sidecar-user')).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(terminated(pod, 'slow-sidecar')).toMatchObject({ exitCode: 143 });
    expect(pod.status.phase).toBe('Failed');
  });

  it('native sidecar with startupProbe: the user starts only after the probe passes, completes, and the pod succeeds', () => {
    const sim = simulate(['seed-002-native-startup-probe']);
    sim.run(25);
    const pod = sim.pod('sidecar-cronjob-probe-');
    const history = sim.historyOf(pod.metadata.uid);
    const sidecarRunning = firstTime(history, isRunning('slow-sidecar')) ?? 0;
    const sidecarStarted = firstTime(history, isStarted('slow-sidecar')) ?? 0;
    const userRunning = firstTime(history, isRunning('sidecar-user')) ?? 0;
    expect(sidecarStarted - sidecarRunning).toBeGreaterThanOrEqual(5_000);
    expect(userRunning).toBeGreaterThan(sidecarStarted);
    expect(terminated(pod, 'sidecar-user')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status.phase).toBe('Succeeded');
    const unhealthy = sim.events(pod.metadata.name).filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy.length).toBeGreaterThan(0);
    expect(unhealthy[0]).toMatchObject({ type: 'Warning', involvedObject: { fieldPath: 'spec.initContainers{slow-sidecar}' } });
    expect(String(unhealthy[0]?.message)).toMatch(/^Startup probe failed: Get "http:\/\/10\.244\.\d+\.\d+:8081\/"/);
    expect(startedAtMs(terminated(pod, 'sidecar-user')?.startedAt)).toBeGreaterThanOrEqual(Math.floor(sidecarStarted / 1000) * 1000);
  });

  it('a CronJob makes a new pod with a new uid every minute and deletes the oldest beyond three', () => {
    const sim = simulate(['seed-002-native-startup-probe']);
    sim.run(5 * 60 + 10);
    const pods = sim.pods().filter((p) => p.metadata.name.startsWith('sidecar-cronjob-probe-'));
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map((p) => p.metadata.uid)).size).toBe(3);
    expect(new Set(pods.map((p) => p.metadata.ownerReferences?.[0]?.name)).size).toBe(3);
    expect(
      pods.filter((p) => p.metadata.ownerReferences?.[0]?.kind !== 'Job' || !p.metadata.ownerReferences[0].controller).map((p) => p.metadata.name),
    ).toEqual([]);
  });
});
