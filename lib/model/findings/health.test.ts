import { describe, expect, it } from 'vitest';
import { aCondition, aContainer, aDigest, aNativeSidecar, aStatus, at, ms, running, terminated, waiting, type PodOptions } from '../testing/builders';
import type { FindingId, PodObservations } from '../types';
import { parseBackOff } from './health';
import { detectFindings } from './index';

const legacy: PodOptions = { containers: [aContainer('app'), aContainer('envoy')] };
const exit = (code: number, reason: string, end = 50) => terminated({ exitCode: code, reason, startedAt: at(end - 1), finishedAt: at(end) });

function ids(pod: PodOptions, now: number, wanted: readonly FindingId[], observations?: PodObservations) {
  return detectFindings({ pod: aDigest(pod), now, ...(observations ? { observations } : {}) })
    .filter((finding) => wanted.includes(finding.id))
    .map((finding) => [finding.id, finding.container, finding.severity]);
}

describe('sidecar-crashloop and container-crashloop', () => {
  const loops: readonly FindingId[] = ['sidecar-crashloop', 'container-crashloop'];
  it.each([
    [
      'a sidecar in CrashLoopBackOff',
      {
        ...legacy,
        statuses: [
          aStatus('app', running(at(1))),
          aStatus('envoy', waiting('CrashLoopBackOff', 'back-off 20s restarting failed container=envoy'), { restartCount: 2, lastState: exit(1, 'Error') }),
        ],
      },
      ['sidecar-crashloop', 'envoy', 'critical'],
    ],
    [
      'a sidecar that exits 0 under restartPolicy Always',
      {
        ...legacy,
        statuses: [aStatus('app', running(at(1))), aStatus('envoy', waiting('CrashLoopBackOff'), { restartCount: 5, lastState: exit(0, 'Completed') })],
      },
      ['sidecar-crashloop', 'envoy', 'critical'],
    ],
    [
      'a main container in CrashLoopBackOff',
      {
        ...legacy,
        statuses: [aStatus('app', waiting('CrashLoopBackOff'), { restartCount: 3, lastState: exit(1, 'Error') }), aStatus('envoy', running(at(1)))],
      },
      ['container-crashloop', 'app', 'critical'],
    ],
    [
      'a native sidecar crash-looping',
      {
        initContainers: [aNativeSidecar('proxy')],
        statuses: [aStatus('proxy', waiting('CrashLoopBackOff'), { restartCount: 4, lastState: exit(2, 'Error') })],
      },
      ['sidecar-crashloop', 'proxy', 'critical'],
    ],
  ])('raises for %s', (_name, pod, expected) => {
    expect(ids(pod, ms(60), loops)).toEqual([expected]);
  });

  it('counts repeated restarts seen by the watcher even between back-offs', () => {
    const observations: PodObservations = {
      transitions: [],
      terminations: [0, 1, 2].map((attempt) => ({
        container: 'envoy',
        attempt,
        reason: 'Error',
        exitCode: 1,
        startedAt: ms(attempt * 20),
        finishedAt: ms(attempt * 20 + 5),
      })),
    };
    const pod = {
      ...legacy,
      statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(61)), { restartCount: 3, lastState: exit(1, 'Error', 45) })],
    };
    expect(ids(pod, ms(70), loops, observations)).toEqual([['sidecar-crashloop', 'envoy', 'warning']]);
  });

  it.each([
    [
      'a sidecar restarted once long ago',
      { ...legacy, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(100)), { restartCount: 1, lastState: exit(1, 'Error', 99) })] },
      ms(86_400_000),
    ],
    [
      'a sidecar stopped with 143 while the pod terminates',
      { ...legacy, deletionTimestamp: at(80), statuses: [aStatus('app', running(at(1))), aStatus('envoy', exit(143, 'Error'))] },
      ms(60),
    ],
    ['a healthy pod', { ...legacy, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))] }, ms(60)],
  ])('stays silent for %s', (_name, pod, now) => {
    expect(ids(pod, now, loops)).toEqual([]);
  });
});

describe('sidecar-oomkilled and container-oomkilled', () => {
  const ooms: readonly FindingId[] = ['sidecar-oomkilled', 'container-oomkilled'];
  it.each([
    [
      'OOMKilled in lastState',
      aStatus('envoy', running(at(51)), { restartCount: 1, lastState: exit(137, 'OOMKilled') }),
      ['sidecar-oomkilled', 'envoy', 'critical'],
    ],
    [
      'OOMKilled published with exit code 0 and startedAt null',
      aStatus('envoy', running(at(51)), { restartCount: 1, lastState: terminated({ exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(50) }) }),
      ['sidecar-oomkilled', 'envoy', 'critical'],
    ],
    ['OOMKilled in the current state', aStatus('envoy', exit(137, 'OOMKilled')), ['sidecar-oomkilled', 'envoy', 'critical']],
  ])('raises for %s', (_name, envoy, expected) => {
    expect(ids({ ...legacy, statuses: [aStatus('app', running(at(1))), envoy] }, ms(60), ooms)).toEqual([expected]);
  });

  it('shows the memory limit in the units the pod spec uses', () => {
    const withLimit = { containers: [aContainer('app'), aContainer('envoy', { limits: { memory: '256Mi' } })] };
    const pod = aDigest({ ...withLimit, statuses: [aStatus('app', running(at(1))), aStatus('envoy', exit(137, 'OOMKilled'))] });
    const finding = detectFindings({ pod, now: ms(60) }).find((f) => f.id === 'sidecar-oomkilled');
    expect(finding?.evidence).toContainEqual(expect.objectContaining({ label: 'memory limit', value: '256Mi' }));
  });

  it('remembers an older OOM kill only the watcher kept, as a warning', () => {
    const observations: PodObservations = {
      transitions: [],
      terminations: [{ container: 'app', attempt: 0, reason: 'OOMKilled', exitCode: 137, finishedAt: ms(10) }],
    };
    const pod = {
      ...legacy,
      statuses: [aStatus('app', running(at(31)), { restartCount: 2, lastState: exit(1, 'Error', 30) }), aStatus('envoy', running(at(1)))],
    };
    expect(ids(pod, ms(60), ooms, observations)).toEqual([['container-oomkilled', 'app', 'warning']]);
  });

  it.each([
    ['exit 137 without the OOMKilled reason', aStatus('envoy', running(at(51)), { restartCount: 1, lastState: exit(137, 'Error') })],
    ['a clean run', aStatus('envoy', running(at(1)))],
  ])('stays silent for %s', (_name, envoy) => {
    expect(ids({ ...legacy, statuses: [aStatus('app', running(at(1))), envoy] }, ms(60), ooms)).toEqual([]);
  });
});

describe('sidecar-not-ready', () => {
  const notReady = [aCondition('Ready', 'False', at(10), 'ContainersNotReady')];
  it.each([
    [
      'a legacy sidecar not ready',
      { ...legacy, conditions: notReady, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1), { ready: false }))] },
      'envoy',
    ],
    [
      'a started native sidecar not ready',
      {
        initContainers: [aNativeSidecar('proxy')],
        containers: [aContainer('app')],
        conditions: notReady,
        statuses: [aStatus('proxy', running(at(1), { started: true, ready: false })), aStatus('app', running(at(2)))],
      },
      'proxy',
    ],
  ])('raises for %s', (_name, pod, container) => {
    expect(ids(pod, ms(60), ['sidecar-not-ready'])).toEqual([['sidecar-not-ready', container, 'warning']]);
  });

  it.each([
    [
      'a Ready pod',
      { ...legacy, conditions: [aCondition('Ready', 'True', at(3))], statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))] },
    ],
    [
      'a pod not Ready because of its app',
      { ...legacy, conditions: notReady, statuses: [aStatus('app', running(at(1), { ready: false })), aStatus('envoy', running(at(1)))] },
    ],
    [
      'a finished pod',
      {
        ...legacy,
        phase: 'Succeeded',
        conditions: [...notReady, aCondition('PodReadyToStartContainers', 'False', at(20))],
        statuses: [aStatus('app', exit(0, 'Completed')), aStatus('envoy', exit(0, 'Completed'))],
      },
    ],
    [
      'a terminating pod',
      {
        ...legacy,
        deletionTimestamp: at(90),
        conditions: notReady,
        statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1), { ready: false }))],
      },
    ],
  ])('stays silent for %s', (_name, pod) => {
    expect(ids(pod, ms(60), ['sidecar-not-ready'])).toEqual([]);
  });
});

describe('parseBackOff', () => {
  it.each([
    ['back-off 20s restarting failed container=envoy pod=web-0_default(uid)', '20s'],
    ['Back-off 40s restarting failed container=envoy pod=web-0_default(uid)', '40s'],
    ['back-off 1m20s restarting failed container=envoy', '1m20s'],
    ['back-off 5m0s restarting failed container=envoy', '5m0s'],
    ['container is waiting', undefined],
    [undefined, undefined],
  ])('reads the back-off of %s', (message, expected) => {
    expect(parseBackOff(message)).toBe(expected);
  });
});
