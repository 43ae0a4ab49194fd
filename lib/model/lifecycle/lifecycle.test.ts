import { describe, expect, it } from 'vitest';
import { observePod } from '../observe';
import { toEventDigest } from '../events';
import { aContainer, aDigest, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated, waiting, type PodOptions } from '../testing/builders';
import { rawEvent } from '../testing/scenarios/kit';
import type { EventDigest, PodDigest, PodObservations } from '../types';
import { deriveLifecycle } from './index';
import { describeGap, isDefinitelyBefore, observed, reported } from './stamps';

function observe(snapshots: { options: PodOptions; at: number }[]): { pod: PodDigest; observations: PodObservations | undefined } {
  let pod: PodDigest | undefined;
  let observations: PodObservations | undefined;
  for (const snapshot of snapshots) {
    const next = aDigest(snapshot.options);
    observations = observePod(observations, pod, next, snapshot.at);
    pod = next;
  }
  if (!pod) throw new Error('no snapshots');
  return { pod, observations };
}

describe('stamps', () => {
  it.each([
    [reported(ms(5)), reported(ms(5)), false, 'not measurable at 1 s resolution'],
    [reported(ms(5)), reported(ms(6)), true, '1 s'],
    [reported(ms(5)), observed(ms(5) + 400), false, 'not measurable at 1 s resolution'],
    [observed(ms(5) + 100), observed(ms(5) + 400), true, '300 ms'],
    [reported(ms(5)), observed(ms(8) + 350), true, '3 s'],
  ])('orders %o before %o only when resolution allows', (a, b, before, gap) => {
    expect(isDefinitelyBefore(a, b)).toBe(before);
    expect(describeGap(a, b)).toBe(gap);
  });
});

describe('deriveLifecycle', () => {
  it('gives one lane per container in declaration order, init containers first', () => {
    const pod = aDigest({ initContainers: [aContainer('setup'), aNativeSidecar('proxy')], containers: [aContainer('app'), aContainer('envoy')] });
    expect(deriveLifecycle({ pod, now: ms(10) }).lanes.map((lane) => [lane.container, lane.kind])).toEqual([
      ['setup', 'init'],
      ['proxy', 'native-sidecar'],
      ['app', 'main'],
      ['envoy', 'legacy-sidecar'],
    ]);
  });

  it('ends the timeline of a finished pod when its last container stopped, not at now', () => {
    const pod = aDigest({
      restartPolicy: 'Never',
      phase: 'Succeeded',
      containers: [aContainer('app')],
      statuses: [aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(2), finishedAt: at(30) }))],
    });
    expect(deriveLifecycle({ pod, now: ms(3_600) }).to).toBe(ms(30));
  });

  it('stretches the timeline of a running pod to now', () => {
    const pod = aDigest({ containers: [aContainer('app')], statuses: [aStatus('app', running(at(2)))] });
    expect(deriveLifecycle({ pod, now: ms(3_600) }).to).toBe(ms(3_600));
  });

  it('uses reported times for running and observed times for started and ready', () => {
    const sidecar = aNativeSidecar('proxy', { startupProbe: aProbe(), readinessProbe: aProbe() });
    const base = { initContainers: [sidecar], containers: [aContainer('app')], phase: 'Pending' };
    const { pod, observations } = observe([
      { options: { ...base, statuses: [aStatus('proxy', running(at(1), { started: false, ready: false }))] }, at: ms(1) + 200 },
      { options: { ...base, statuses: [aStatus('proxy', running(at(1), { started: true, ready: false }))] }, at: ms(4) + 120 },
      { options: { ...base, statuses: [aStatus('proxy', running(at(1), { started: true, ready: true }))] }, at: ms(6) + 5 },
    ]);
    const lane = deriveLifecycle({ pod, observations, now: ms(7) }).lanes[0];
    expect(lane?.segments.map((segment) => [segment.state, segment.from.source, segment.from.at])).toEqual([
      ['waiting', 'reported', ms(0)],
      ['running', 'reported', ms(1)],
      ['started', 'observed', ms(4) + 120],
      ['ready', 'observed', ms(6) + 5],
    ]);
    expect(lane?.startedAt).toEqual(observed(ms(4) + 120));
  });

  it('treats a container without probes as started and ready when its process ran', () => {
    const pod = aDigest({ containers: [aContainer('app')], statuses: [aStatus('app', running(at(2)))] });
    const lane = deriveLifecycle({ pod, now: ms(10) }).lanes[0];
    expect([lane?.startedAt, lane?.readyAt]).toEqual([reported(ms(2)), reported(ms(2))]);
  });

  it('leaves started unknown for a probed container whose flip nobody saw', () => {
    const pod = aDigest({ containers: [aContainer('app', { startupProbe: aProbe() })], statuses: [aStatus('app', running(at(2)))] });
    expect(deriveLifecycle({ pod, now: ms(10) }).lanes[0]?.startedAt).toBeUndefined();
  });

  it('shows waiting from the pod start, each run (ready at once without probes), the back-off between runs and a restart marker per termination', () => {
    const exit = (start: number, end: number) => terminated({ exitCode: 1, reason: 'Error', startedAt: at(start), finishedAt: at(end) });
    const base = { containers: [aContainer('app')] };
    const { pod, observations } = observe([
      { options: { ...base, statuses: [aStatus('app', running(at(1)))] }, at: ms(1) + 1 },
      { options: { ...base, statuses: [aStatus('app', running(at(12)), { restartCount: 1, lastState: exit(1, 2) })] }, at: ms(12) + 1 },
      { options: { ...base, statuses: [aStatus('app', waiting('CrashLoopBackOff'), { restartCount: 2, lastState: exit(12, 13) })] }, at: ms(14) },
    ]);
    const lane = deriveLifecycle({ pod, observations, now: ms(20) }).lanes[0];
    expect(lane?.segments.map((segment) => segment.state)).toEqual(['waiting', 'ready', 'backoff', 'ready', 'backoff']);
    expect(lane?.segments[2]?.to?.at).toBe(ms(12));
    expect(lane?.markers.filter((marker) => marker.kind === 'restart').map((marker) => marker.at.at)).toEqual([ms(2), ms(13)]);
  });

  it('marks OOM kills by reason even when published with exit code 0 and no startedAt', () => {
    const oom = terminated({ exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(30) });
    const pod = aDigest({ containers: [aContainer('app')], statuses: [aStatus('app', running(at(31)), { restartCount: 1, lastState: oom })] });
    const markers = deriveLifecycle({ pod, now: ms(40) }).lanes[0]?.markers ?? [];
    expect(markers.filter((marker) => marker.kind === 'oom-killed').map((marker) => marker.at.at)).toEqual([ms(30)]);
  });

  it('attaches probe failures, kills and back-offs to the container the event names', () => {
    const events = [
      rawEvent({ pod: 'web-0', reason: 'Unhealthy', message: 'Readiness probe failed', fieldPath: 'spec.initContainers{proxy}', first: 3, last: 9, count: 4 }),
      rawEvent({ pod: 'web-0', reason: 'Killing', message: 'Stopping container app', type: 'Normal', fieldPath: 'spec.containers{app}', first: 20 }),
      rawEvent({ pod: 'web-0', reason: 'BackOff', message: 'Back-off restarting failed container', fieldPath: 'spec.containers{app}', first: 25 }),
    ].flatMap((raw) => toEventDigest(raw) ?? []) satisfies EventDigest[];
    const pod = aDigest({ initContainers: [aNativeSidecar('proxy')], containers: [aContainer('app')] });
    const lanes = deriveLifecycle({ pod, events, now: ms(30) }).lanes;
    expect(lanes.map((lane) => lane.markers.map((marker) => marker.kind))).toEqual([['probe-failed'], ['killing', 'back-off']]);
    expect(lanes[0]?.markers[0]?.label).toBe('Unhealthy ×4');
  });

  it('puts pod conditions and the deletion request (deadline minus grace period) on the pod markers', () => {
    const pod = aDigest({
      deletionTimestamp: at(130),
      deletionGracePeriodSeconds: 30,
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at(0) }],
    });
    const markers = deriveLifecycle({ pod, now: ms(131) }).markers;
    expect(markers.map((marker) => [marker.kind, marker.at.at])).toEqual([
      ['created', ms(0)],
      ['scheduled', ms(0)],
      ['deleted', ms(100)],
      ['event', ms(130)],
    ]);
  });

  it('places the deletion request by the first deletion observed, not by the rewritten one on the DELETED object', () => {
    const { pod, observations } = observe([
      { options: { deletionTimestamp: at(130), deletionGracePeriodSeconds: 30 }, at: ms(100) },
      { options: { deletionTimestamp: at(112), deletionGracePeriodSeconds: 0 }, at: ms(112) },
    ]);
    const markers = deriveLifecycle({ pod, observations, now: ms(113) }).markers.filter((marker) => marker.label !== 'created');
    expect(markers.map((marker) => [marker.label, marker.at.at])).toEqual([
      ['deletion requested', ms(100)],
      ['grace period ends', ms(130)],
    ]);
  });

  it('ends a ready segment no earlier than it began when the reported finish is floored below the observed ready', () => {
    const containers = [aContainer('app', { readinessProbe: aProbe({ port: 8080 }) })];
    const { pod, observations } = observe([
      { options: { containers, statuses: [aStatus('app', running(at(10), { ready: false }))] }, at: ms(10) + 200 },
      { options: { containers, statuses: [aStatus('app', running(at(10)))] }, at: ms(10) + 700 },
      {
        options: { containers, statuses: [aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(10), finishedAt: at(10) }))] },
        at: ms(11),
      },
    ]);
    const ready = deriveLifecycle({ pod, observations, now: ms(12) }).lanes[0]?.segments.find((segment) => segment.state === 'ready');
    expect(ready?.from.at).toBe(ms(10) + 700);
    expect(ready?.to?.at).toBe(ms(10) + 700);
  });

  it.each([
    ['without a startupProbe: started when its process ran', {}, ms(2)],
    ['with a startupProbe: started unknown', { startupProbe: aProbe({ port: 8081 }) }, undefined],
  ])('takes a native sidecar of a Job run first listed after it finished %s', (_label, options, started) => {
    const pod = aDigest({
      phase: 'Failed',
      restartPolicy: 'Never',
      initContainers: [aNativeSidecar('slow-sidecar', options)],
      containers: [aContainer('sidecar-user')],
      statuses: [
        aStatus('slow-sidecar', terminated({ exitCode: 143, reason: 'Error', startedAt: at(2), finishedAt: at(4) })),
        aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) })),
      ],
    });
    const lane = deriveLifecycle({ pod, observations: observePod(undefined, undefined, pod, ms(60)), now: ms(60) }).lanes[0];
    expect(lane?.startedAt?.at).toBe(started);
    expect(lane?.firstRunningAt?.at).toBe(ms(2));
  });

  it('orders startup by first run and keeps declaration order for equal seconds', () => {
    const pod = aDigest({
      initContainers: [aContainer('setup')],
      containers: [aContainer('app'), aContainer('envoy')],
      statuses: [
        aStatus('setup', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(2) })),
        aStatus('envoy', running(at(3))),
        aStatus('app', running(at(3))),
      ],
    });
    expect(deriveLifecycle({ pod, now: ms(5) }).startupOrder).toEqual(['setup', 'app', 'envoy']);
  });

  it('has no shutdown order while the pod runs', () => {
    const pod = aDigest({ statuses: [aStatus('app', running(at(1)))] });
    expect(deriveLifecycle({ pod, now: ms(5) }).shutdownOrder).toBeUndefined();
  });

  it('notes a shutdown tie it cannot resolve at 1 s resolution, and resolves it with observed times', () => {
    const done = (name: string) => aStatus(name, terminated({ exitCode: 143, reason: 'Error', startedAt: at(1), finishedAt: at(50) }));
    const base = {
      initContainers: [aNativeSidecar('a'), aNativeSidecar('b')],
      containers: [aContainer('app')],
      deletionTimestamp: at(60),
      deletionGracePeriodSeconds: 30,
    };
    const app = aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(49) }));
    const single = deriveLifecycle({ pod: aDigest({ ...base, statuses: [done('a'), done('b'), app] }), now: ms(60) }).shutdownOrder;
    expect(single?.map((step) => [step.container, step.tiedWithPrevious ?? false])).toEqual([
      ['app', false],
      ['a', false],
      ['b', true],
    ]);
    const { pod, observations } = observe([
      { options: { ...base, statuses: [aStatus('a', running(at(1))), aStatus('b', running(at(1))), app] }, at: ms(49) + 100 },
      { options: { ...base, statuses: [aStatus('a', running(at(1))), done('b'), app] }, at: ms(50) + 100 },
      { options: { ...base, statuses: [done('a'), done('b'), app] }, at: ms(50) + 600 },
    ]);
    const watched = deriveLifecycle({ pod, observations, now: ms(60) }).shutdownOrder;
    expect(watched?.map((step) => [step.container, step.tiedWithPrevious ?? false])).toEqual([
      ['app', false],
      ['b', false],
      ['a', false],
    ]);
  });

  it('never throws on a pod without statuses or times', () => {
    const pod = aDigest({ createdAt: 'not a time', initContainers: [aNativeSidecar('proxy')] });
    const lifecycle = deriveLifecycle({ pod, now: 0 });
    expect(lifecycle.lanes.map((lane) => lane.segments.length)).toEqual([0, 0]);
  });
});

describe('runs that began before anyone watched', () => {
  const probed = () => aContainer('app', { startupProbe: aProbe(), readinessProbe: aProbe() });
  const crashed = (start: number, end: number) => terminated({ exitCode: 1, reason: 'Error', startedAt: at(start), finishedAt: at(end) });
  const statesOf = (pod: PodDigest, observations?: PodObservations) =>
    deriveLifecycle({ pod, observations, now: ms(60) }).lanes[0]?.segments.map((s) => s.state);

  it('draws a run that ended before the watch began as running with started/ready not observed, not as "not started"', () => {
    const { pod, observations } = observe([
      {
        options: {
          containers: [probed()],
          statuses: [aStatus('app', running(at(30), { started: false, ready: false }), { restartCount: 1, lastState: crashed(1, 20) })],
        },
        at: ms(40),
      },
    ]);
    expect(statesOf(pod, observations)).toEqual(['waiting', 'unobserved', 'backoff', 'running']);
  });

  it('draws a run that is started and ready now, but whose flips happened before the watch, as not observed', () => {
    const { pod, observations } = observe([
      { options: { containers: [probed()], statuses: [aStatus('app', running(at(2), { started: true, ready: true }))] }, at: ms(40) },
    ]);
    expect(statesOf(pod, observations)).toEqual(['waiting', 'unobserved']);
  });

  it('does the same for a single snapshot (analyze), where nothing was watched', () => {
    const pod = aDigest({
      containers: [probed()],
      statuses: [aStatus('app', running(at(30), { started: false, ready: false }), { restartCount: 1, lastState: crashed(1, 20) })],
    });
    expect(statesOf(pod)).toEqual(['waiting', 'unobserved', 'backoff', 'running']);
  });

  it('keeps "running, not started" where the watcher saw the run start and no flip since', () => {
    const base = { containers: [probed()] };
    const { pod, observations } = observe([
      { options: { ...base, phase: 'Pending', statuses: [aStatus('app', waiting('ContainerCreating'))] }, at: ms(1) },
      { options: { ...base, statuses: [aStatus('app', running(at(3), { started: false, ready: false }))] }, at: ms(3) + 100 },
    ]);
    expect(statesOf(pod, observations)).toEqual(['waiting', 'running']);
  });

  it('keeps a run without probes ready from its start, observed or not', () => {
    const pod = aDigest({ containers: [aContainer('app')], statuses: [aStatus('app', running(at(30)), { restartCount: 1, lastState: crashed(1, 20) })] });
    expect(statesOf(pod)).toEqual(['waiting', 'ready', 'backoff', 'ready']);
  });
});
