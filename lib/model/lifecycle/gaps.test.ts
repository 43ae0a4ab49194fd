import { describe, expect, it } from 'vitest';
import { observePod } from '../observe';
import { aContainer, aDigest, aStatus, at, ms, running, terminated } from '../testing/builders';
import type { WatchGap } from '../types';
import { deriveLifecycle } from './index';

const gap = (from: number, to: number): WatchGap => ({ from, to, reason: 'process-down' });

describe('deriveLifecycle across a gap', () => {
  it('cuts an observed state at the gap instead of extending it through the time nobody watched', () => {
    const base = { containers: [aContainer('app')] };
    const first = aDigest({ ...base, statuses: [aStatus('app', running(at(1), { ready: false }))] });
    const second = aDigest({ ...base, statuses: [aStatus('app', running(at(1), { ready: true }))] });
    let observations = observePod(undefined, undefined, first, ms(1) + 100);
    observations = observePod(observations, first, second, ms(30));
    const lifecycle = deriveLifecycle({ pod: second, observations, now: ms(40), gaps: [gap(ms(10), ms(30))] });
    const segments = lifecycle.lanes[0]?.segments.map((s) => [s.state, s.from.at, s.to?.at]);
    expect(segments).toEqual([
      ['waiting', ms(0), ms(1)],
      ['started', ms(1), ms(10)],
      ['ready', ms(30), undefined],
    ]);
    expect(lifecycle.gaps).toEqual([gap(ms(10), ms(30))]);
  });

  it('keeps a run the kubelet timed at both ends whole, even across a gap', () => {
    const pod = aDigest({
      containers: [aContainer('job')],
      restartPolicy: 'Never',
      phase: 'Succeeded',
      statuses: [aStatus('job', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(50) }))],
    });
    const lifecycle = deriveLifecycle({ pod, now: ms(60), gaps: [gap(ms(10), ms(20))] });
    expect(lifecycle.lanes[0]?.segments.find((s) => s.from.at === ms(1))).toMatchObject({ from: { at: ms(1) }, to: { at: ms(50) } });
  });

  it('marks a gap in the life of a pod that never started a container', () => {
    const pod = aDigest({ containers: [aContainer('app')], phase: 'Pending' });
    expect(deriveLifecycle({ pod, now: ms(100), gaps: [gap(ms(10), ms(20))] }).gaps).toEqual([gap(ms(10), ms(20))]);
  });

  it('leaves a lifecycle untouched by gaps outside its life', () => {
    const pod = aDigest({ containers: [aContainer('app')], statuses: [aStatus('app', running(at(1), { ready: true }))] });
    const plain = deriveLifecycle({ pod, now: ms(40) });
    expect(deriveLifecycle({ pod, now: ms(40), gaps: [gap(ms(-100), ms(-50))] })).toEqual(plain);
  });
});
