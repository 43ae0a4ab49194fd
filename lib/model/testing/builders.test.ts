import { describe, expect, it } from 'vitest';
import {
  aCondition,
  aContainer,
  podConditions,
  aNativeSidecar,
  aPod,
  aProbe,
  aStatus,
  at,
  digestOf,
  ms,
  ownedBy,
  running,
  terminated,
  waiting,
} from './builders';

describe('builders', () => {
  it('write timestamps as the API server does, whole seconds with a Z', () => {
    expect(at(3)).toBe('2024-07-19T13:38:03Z');
    expect(at(-60)).toBe('2024-07-19T13:37:00Z');
    expect(Date.parse(at(3))).toBe(ms(3));
  });

  it('route each status to initContainerStatuses or containerStatuses by container name', () => {
    const pod = aPod({
      initContainers: [aNativeSidecar('proxy')],
      containers: [aContainer('app')],
      statuses: [aStatus('app', waiting('PodInitializing')), aStatus('proxy', running(at(1), { ready: false }))],
    });
    expect(pod.status.initContainerStatuses).toMatchObject([{ name: 'proxy', started: true, ready: false, state: { running: { startedAt: at(1) } } }]);
    expect(pod.status.containerStatuses).toMatchObject([{ name: 'app', started: false, ready: false, lastState: {} }]);
    expect(pod.status.phase).toBe('Running');
  });

  it('mark only native sidecars with restartPolicy Always', () => {
    expect(aNativeSidecar('proxy').restartPolicy).toBe('Always');
    expect(aContainer('app').restartPolicy).toBeUndefined();
  });

  it('leave a Pending pod without statuses, start time or node', () => {
    const pod = aPod();
    expect(pod.status).toEqual({ phase: 'Pending' });
    expect(pod.spec.nodeName).toBeUndefined();
  });

  it('leave metadata.uid out when asked, and write a controller owner reference', () => {
    const pod = aPod({ uid: null, owner: ownedBy('Job', 'backup-28689938') });
    expect(pod.metadata.uid).toBeUndefined();
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'backup-28689938', controller: true, apiVersion: 'batch/v1' })]);
  });

  it('carry a lastState, a restart count and flags overridden on the status', () => {
    const status = aStatus('app', waiting('CrashLoopBackOff', 'back-off 10s restarting failed container=app'), {
      restartCount: 1,
      lastState: terminated({ exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(4) }),
    });
    expect(status).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(4) } },
    });
    expect(aStatus('init', terminated({ exitCode: 0, reason: 'Completed' }), { ready: true })).toMatchObject({ ready: true, started: false });
  });

  it('write probes with the API defaults filled in', () => {
    expect(aProbe({ port: 8081, initialDelaySeconds: 5, periodSeconds: 1, failureThreshold: 5 })).toMatchObject({
      httpGet: { path: '/', port: 8081, scheme: 'HTTP' },
      initialDelaySeconds: 5,
      periodSeconds: 1,
      failureThreshold: 5,
    });
    expect(aProbe({ handler: 'tcpSocket', port: 5432 })).toMatchObject({ tcpSocket: { port: 5432 }, periodSeconds: 10 });
  });

  it('write conditions with a null lastProbeTime, as the kubelet does', () => {
    expect(aCondition('Ready', 'False', at(2), 'ContainersNotReady')).toEqual({
      type: 'Ready',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: at(2),
      reason: 'ContainersNotReady',
    });
  });

  it('write the standard condition set, False with the kubelet reason where no time is given', () => {
    const conditions = podConditions({ sandbox: at(1), initialized: at(2) });
    expect(conditions.map(({ type, status, reason }) => [type, status, reason])).toEqual([
      ['PodReadyToStartContainers', 'True', undefined],
      ['Initialized', 'True', undefined],
      ['Ready', 'False', 'ContainersNotReady'],
      ['ContainersReady', 'False', 'ContainersNotReady'],
      ['PodScheduled', 'True', undefined],
    ]);
    expect(conditions[1]?.lastTransitionTime).toBe(at(2));
  });

  it('fail loudly when asked to digest something that is not a pod', () => {
    expect(() => digestOf({ kind: 'Pod' })).toThrow(/not|undefined/);
  });

  it('digest an OOMKill published with startedAt null and exit code 0 as the kubelet sometimes does', () => {
    const pod = digestOf(
      aPod({
        statuses: [
          aStatus('app', running(at(5)), { restartCount: 1, lastState: terminated({ exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(4) }) }),
        ],
      }),
    );
    expect(pod.statuses.app?.lastState).toEqual({
      state: 'terminated',
      reason: 'OOMKilled',
      exitCode: 0,
      message: undefined,
      signal: undefined,
      startedAt: undefined,
      finishedAt: ms(4),
    });
    expect(pod.problems).toEqual([]);
  });
});
