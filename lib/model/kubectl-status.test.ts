import { describe, expect, it } from 'vitest';
import { kubectlColumns, podStatusText, readyText, totalRestarts } from './kubectl-status';
import crashloop from './testing/captures/crashloop-pod.json';
import istio from './testing/captures/istio-injected-pod.json';
import nativeSidecar from './testing/captures/native-sidecar-pod.json';
import { aCondition, aContainer, aDigest, aNativeSidecar, aStatus, at, digestOf, running, terminated, waiting, type PodOptions } from './testing/builders';

const initializing = waiting('PodInitializing');
const crashLoop = waiting('CrashLoopBackOff', 'back-off 20s restarting failed container=x');
const failed = terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) });
const completed = terminated({ exitCode: 0, reason: 'Completed', startedAt: at(2), finishedAt: at(7) });
const initialized = aCondition('Initialized', 'True', at(2));
const podReady = aCondition('Ready', 'True', at(3));

/** Seed 002: a CronJob pod with slow-sidecar as a native sidecar and sidecar-user as the app. */
const seed002 = (options: PodOptions): PodOptions => ({
  name: 'sidecar-cronjob-28689958-zrmhh',
  restartPolicy: 'Never',
  initContainers: [aNativeSidecar('slow-sidecar', { ports: [8081] })],
  containers: [aContainer('sidecar-user')],
  ...options,
});

describe('kubectlColumns reproduces the seed 002 `kubectl get pods -w` output', () => {
  it.each<[string, PodOptions, string, string]>([
    ['Pending before any status', seed002({ phase: 'Pending' }), '0/2', 'Pending'],
    [
      'Init:0/1 while the sidecar is created',
      seed002({ phase: 'Pending', statuses: [aStatus('slow-sidecar', initializing), aStatus('sidecar-user', initializing)] }),
      '0/2',
      'Init:0/1',
    ],
    [
      'Init:0/1 while the sidecar runs but its startupProbe has not passed',
      seed002({
        phase: 'Pending',
        statuses: [aStatus('slow-sidecar', running(at(1), { started: false, ready: false })), aStatus('sidecar-user', initializing)],
      }),
      '0/2',
      'Init:0/1',
    ],
    [
      'PodInitializing 0/2 once started but not ready',
      seed002({
        phase: 'Pending',
        conditions: [initialized],
        statuses: [aStatus('slow-sidecar', running(at(1), { ready: false })), aStatus('sidecar-user', initializing)],
      }),
      '0/2',
      'PodInitializing',
    ],
    [
      'PodInitializing 0/2 from started alone, before the Initialized condition is written',
      seed002({ phase: 'Pending', statuses: [aStatus('slow-sidecar', running(at(1), { ready: false })), aStatus('sidecar-user', initializing)] }),
      '0/2',
      'PodInitializing',
    ],
    [
      'PodInitializing 1/2 once the sidecar is ready',
      seed002({ phase: 'Pending', conditions: [initialized], statuses: [aStatus('slow-sidecar', running(at(1))), aStatus('sidecar-user', initializing)] }),
      '1/2',
      'PodInitializing',
    ],
    [
      'Error 1/2 when the app lost the race',
      seed002({ phase: 'Running', conditions: [initialized], statuses: [aStatus('slow-sidecar', running(at(1))), aStatus('sidecar-user', failed)] }),
      '1/2',
      'Error',
    ],
    [
      'Completed 1/2 with a startupProbe, the sidecar still running',
      seed002({ phase: 'Running', conditions: [initialized], statuses: [aStatus('slow-sidecar', running(at(1))), aStatus('sidecar-user', completed)] }),
      '1/2',
      'Completed',
    ],
    [
      'Error 1/2 without native sidecars (both regular)',
      {
        restartPolicy: 'Never',
        containers: [aContainer('slow-sidecar'), aContainer('sidecar-user')],
        statuses: [aStatus('sidecar-user', failed), aStatus('slow-sidecar', running(at(1)))],
      },
      '1/2',
      'Error',
    ],
    [
      'Init:0/1 forever with the server as a plain init container',
      {
        phase: 'Pending',
        restartPolicy: 'Never',
        initContainers: [aContainer('slow-sidecar')],
        containers: [aContainer('sidecar-user')],
        statuses: [aStatus('slow-sidecar', running(at(1), { ready: false })), aStatus('sidecar-user', initializing)],
      },
      '0/1',
      'Init:0/1',
    ],
  ])('%s', (_label, options, ready, status) => {
    expect(kubectlColumns(aDigest(options))).toEqual({ status, ready, restarts: 0 });
  });
});

describe('podStatusText', () => {
  const app = [aContainer('app')];
  it.each<[string, PodOptions, string]>([
    [
      'Init:CrashLoopBackOff for a crash-looping plain init container',
      {
        initContainers: [aContainer('migrate')],
        containers: app,
        statuses: [aStatus('migrate', crashLoop, { restartCount: 2 }), aStatus('app', initializing)],
      },
      'Init:CrashLoopBackOff',
    ],
    [
      'Init:Error for a failed plain init container',
      { initContainers: [aContainer('migrate')], containers: app, statuses: [aStatus('migrate', failed), aStatus('app', initializing)] },
      'Init:Error',
    ],
    [
      'Init:ExitCode:2 when the termination has no reason',
      {
        initContainers: [aContainer('migrate')],
        containers: app,
        statuses: [aStatus('migrate', terminated({ exitCode: 2, reason: '' })), aStatus('app', initializing)],
      },
      'Init:ExitCode:2',
    ],
    [
      'Init:Signal:9 when only a signal is known',
      {
        initContainers: [aContainer('migrate')],
        containers: app,
        statuses: [aStatus('migrate', terminated({ exitCode: 137, reason: '', signal: 9 })), aStatus('app', initializing)],
      },
      'Init:Signal:9',
    ],
    [
      'Init:1/2 once the first init container completed',
      {
        initContainers: [aContainer('a'), aContainer('b')],
        containers: app,
        statuses: [aStatus('a', completed, { ready: true }), aStatus('b', running(at(8))), aStatus('app', initializing)],
      },
      'Init:1/2',
    ],
    [
      'Init:CrashLoopBackOff for a native sidecar that never started',
      {
        initContainers: [aNativeSidecar('proxy')],
        containers: app,
        statuses: [aStatus('proxy', crashLoop, { restartCount: 4 }), aStatus('app', initializing)],
      },
      'Init:CrashLoopBackOff',
    ],
    [
      'Init:CrashLoopBackOff for a sidecar crash-looping after initialisation, as kubectl shows it',
      {
        initContainers: [aNativeSidecar('proxy')],
        containers: app,
        conditions: [initialized],
        statuses: [aStatus('proxy', crashLoop, { restartCount: 4 }), aStatus('app', running(at(2)))],
      },
      'Init:CrashLoopBackOff',
    ],
    ['CrashLoopBackOff for a crash-looping app', { containers: app, statuses: [aStatus('app', crashLoop, { restartCount: 5 })] }, 'CrashLoopBackOff'],
    [
      'OOMKilled for an app killed for memory',
      { containers: app, statuses: [aStatus('app', terminated({ exitCode: 137, reason: 'OOMKilled', finishedAt: at(9) }))] },
      'OOMKilled',
    ],
    [
      'ExitCode:143 for a termination without a reason',
      { containers: app, statuses: [aStatus('app', terminated({ exitCode: 143, reason: '' }))] },
      'ExitCode:143',
    ],
    [
      'Signal:15 for a termination with only a signal',
      { containers: app, statuses: [aStatus('app', terminated({ exitCode: 143, reason: '', signal: 15 }))] },
      'Signal:15',
    ],
    ['Completed for a finished Job pod', { phase: 'Succeeded', restartPolicy: 'Never', containers: app, statuses: [aStatus('app', completed)] }, 'Completed'],
    [
      'NotReady when one container completed and another runs without pod readiness',
      { containers: [aContainer('job'), aContainer('istio-proxy')], statuses: [aStatus('istio-proxy', running(at(1))), aStatus('job', completed)] },
      'NotReady',
    ],
    [
      'Running when one container completed and another runs with the pod Ready',
      {
        containers: [aContainer('job'), aContainer('istio-proxy')],
        conditions: [podReady],
        statuses: [aStatus('istio-proxy', running(at(1))), aStatus('job', completed)],
      },
      'Running',
    ],
    ['Running for a healthy pod', { containers: app, statuses: [aStatus('app', running(at(1)))] }, 'Running'],
    [
      'ContainerCreating while the image is pulled',
      { containers: app, statuses: [aStatus('app', waiting('ContainerCreating'))], phase: 'Pending' },
      'ContainerCreating',
    ],
    ['Terminating once deleted and not finished', { containers: app, deletionTimestamp: at(30), statuses: [aStatus('app', running(at(1)))] }, 'Terminating'],
    [
      'Completed, not Terminating, for a deleted pod that already succeeded',
      { phase: 'Succeeded', containers: app, deletionTimestamp: at(30), statuses: [aStatus('app', completed)] },
      'Completed',
    ],
    [
      'Unknown for a deleted pod on a lost node',
      { reason: 'NodeLost', containers: app, deletionTimestamp: at(30), statuses: [aStatus('app', running(at(1)))] },
      'Unknown',
    ],
    ['Evicted from the pod reason', { phase: 'Failed', reason: 'Evicted', containers: app }, 'Evicted'],
    [
      'SchedulingGated from the PodScheduled condition',
      { phase: 'Pending', containers: app, conditions: [aCondition('PodScheduled', 'False', at(0), 'SchedulingGated')] },
      'SchedulingGated',
    ],
  ])('%s', (_label, options, status) => {
    expect(podStatusText(aDigest(options))).toBe(status);
  });
});

describe('readyText and totalRestarts', () => {
  it('count native sidecars in READY but never plain init containers', () => {
    const pod = aDigest({
      initContainers: [aContainer('migrate'), aNativeSidecar('proxy'), aNativeSidecar('logs')],
      containers: [aContainer('app')],
      conditions: [initialized],
      statuses: [
        aStatus('migrate', completed, { ready: true }),
        aStatus('proxy', running(at(8))),
        aStatus('logs', running(at(8), { ready: false })),
        aStatus('app', running(at(9))),
      ],
    });
    expect(readyText(pod)).toBe('2/3');
  });

  it('count only init restarts while the pod is initialising', () => {
    const pod = aDigest({
      initContainers: [aContainer('migrate')],
      containers: [aContainer('app')],
      statuses: [aStatus('migrate', crashLoop, { restartCount: 3 }), aStatus('app', initializing, { restartCount: 0 })],
    });
    expect(totalRestarts(pod)).toBe(3);
  });

  it('count sidecar and regular restarts, not completed init restarts, once initialised', () => {
    const pod = aDigest({
      initContainers: [aContainer('migrate'), aNativeSidecar('proxy')],
      containers: [aContainer('app')],
      conditions: [initialized],
      statuses: [
        aStatus('migrate', completed, { restartCount: 2, ready: true }),
        aStatus('proxy', running(at(8)), { restartCount: 1 }),
        aStatus('app', running(at(9)), { restartCount: 4 }),
      ],
    });
    expect(totalRestarts(pod)).toBe(5);
  });
});

describe('kubectlColumns on real captures', () => {
  it.each([
    ['a native-sidecar pod', nativeSidecar, { status: 'Running', ready: '2/2', restarts: 0 }],
    ['an istio-injected pod', istio, { status: 'Running', ready: '2/2', restarts: 0 }],
    ['a pod with a crash-looping sidecar', crashloop, { status: 'CrashLoopBackOff', ready: '1/2', restarts: 3 }],
  ])('reads %s as kubectl would', (_label, capture, columns) => {
    expect(kubectlColumns(digestOf(capture))).toEqual(columns);
  });
});
