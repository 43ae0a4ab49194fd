import { describe, expect, it } from 'vitest';
import { observeDeletion, observePod } from './observe';
import { aContainer, aDigest, aStatus, at, ms, running, terminated, waiting, type PodOptions } from './testing/builders';
import type { PodDigest, PodObservations } from './types';

const containers = [aContainer('app'), aContainer('envoy')];

function pod(statuses: PodOptions['statuses'], extra: PodOptions = {}): PodDigest {
  return aDigest({ containers, statuses, ...extra });
}

function fold(snapshots: { pod: PodDigest; at: number | undefined }[], limits?: { maxTransitions?: number; maxTerminations?: number }): PodObservations {
  let observations: PodObservations | undefined;
  let before: PodDigest | undefined;
  for (const snapshot of snapshots) {
    observations = observePod(observations, before, snapshot.pod, snapshot.at, limits);
    before = snapshot.pod;
  }
  return observations ?? { transitions: [], terminations: [] };
}

const kinds = (observations: PodObservations, container?: string) =>
  observations.transitions.filter((transition) => container === undefined || transition.container === container).map((transition) => transition.kind);

describe('observePod', () => {
  it('claims nothing about when the state seen in the first snapshot began', () => {
    const observations = fold([{ pod: pod([aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))]), at: ms(5) }]);
    expect(observations.transitions).toEqual([]);
    expect(observations.firstSeenAt).toBe(ms(5));
  });

  it('records started and ready flips with the observation time, which status never timestamps', () => {
    const observations = fold([
      { pod: pod([aStatus('app', running(at(1), { started: false, ready: false })), aStatus('envoy', running(at(1)))]), at: ms(1) + 100 },
      { pod: pod([aStatus('app', running(at(1), { started: true, ready: false })), aStatus('envoy', running(at(1)))]), at: ms(3) + 250 },
      { pod: pod([aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))]), at: ms(4) + 999 },
    ]);
    expect(observations.transitions.filter((transition) => transition.container === 'app')).toEqual([
      { kind: 'started', container: 'app', at: ms(3) + 250 },
      { kind: 'ready', container: 'app', at: ms(4) + 999 },
    ]);
  });

  it.each([
    ['running → terminated', running(at(1)), terminated({ exitCode: 1, reason: 'Error', startedAt: at(1), finishedAt: at(2) }), 'terminated', 'Error (exit 1)'],
    ['waiting → running', waiting('ContainerCreating'), running(at(2)), 'running', `startedAt=${ms(2)}`],
    ['waiting reason changes', waiting('ContainerCreating'), waiting('ErrImagePull'), 'waiting', 'ErrImagePull'],
  ])('records a state change: %s', (_case, from, to, kind, detail) => {
    const observations = fold([
      { pod: pod([aStatus('app', from)]), at: ms(1) },
      { pod: pod([aStatus('app', to)]), at: ms(2) + 500 },
    ]);
    expect(observations.transitions).toContainEqual(expect.objectContaining({ kind, container: 'app', detail, at: ms(2) + 500 }));
  });

  it('keeps terminations beyond lastState, keyed by attempt, even when a restart skipped a snapshot', () => {
    const exit = (attempt: number) => terminated({ exitCode: 1, reason: 'Error', startedAt: at(attempt * 10), finishedAt: at(attempt * 10 + 1) });
    const observations = fold([
      { pod: pod([aStatus('app', running(at(0)))]), at: ms(0) },
      { pod: pod([aStatus('app', running(at(10)), { restartCount: 1, lastState: exit(0) })]), at: ms(10) + 1 },
      { pod: pod([aStatus('app', running(at(30)), { restartCount: 3, lastState: exit(2) })]), at: ms(30) + 1 },
      { pod: pod([aStatus('app', running(at(30)), { restartCount: 3, lastState: exit(2) })]), at: ms(31) },
    ]);
    expect(observations.terminations.map((record) => record.attempt)).toEqual([0, 2]);
    expect(observations.transitions.filter((transition) => transition.kind === 'restarted').map((transition) => transition.detail)).toEqual(['1', '3']);
  });

  it('records a termination once when it moves from state to lastState', () => {
    const failed = terminated({ exitCode: 1, reason: 'Error', startedAt: at(1), finishedAt: at(2) });
    const observations = fold([
      { pod: pod([aStatus('app', running(at(1)))]), at: ms(1) },
      { pod: pod([aStatus('app', failed)]), at: ms(2) + 10 },
      { pod: pod([aStatus('app', waiting('CrashLoopBackOff'), { restartCount: 1, lastState: failed })]), at: ms(3) },
    ]);
    expect(observations.terminations).toEqual([
      { container: 'app', attempt: 0, reason: 'Error', exitCode: 1, startedAt: ms(1), finishedAt: ms(2), observedAt: ms(2) + 10 },
    ]);
  });

  it('keeps terminations from the first snapshot without an observed time', () => {
    const observations = fold([
      {
        pod: pod([aStatus('app', running(at(9)), { restartCount: 1, lastState: terminated({ exitCode: 137, reason: 'OOMKilled', finishedAt: at(8) }) })]),
        at: ms(10),
      },
    ]);
    expect(observations.terminations).toEqual([{ container: 'app', attempt: 0, reason: 'OOMKilled', exitCode: 137, finishedAt: ms(8) }]);
  });

  it('records phase, condition and deletion changes of the pod', () => {
    const observations = fold([
      { pod: pod([], { phase: 'Pending' }), at: ms(0) },
      { pod: pod([aStatus('app', running(at(1)))], { phase: 'Running', deletionTimestamp: at(40), deletionGracePeriodSeconds: 30 }), at: ms(10) },
    ]);
    expect(kinds(observations).filter((kind) => kind !== 'running' && kind !== 'started' && kind !== 'ready')).toEqual(['phase', 'deleting']);
  });

  it('keeps the first deletion deadline and grace period when the final grace-0 delete rewrites them', () => {
    const observations = fold([
      { pod: pod([aStatus('app', running(at(1)))], { phase: 'Running' }), at: ms(5) },
      { pod: pod([aStatus('app', running(at(1)))], { phase: 'Running', deletionTimestamp: at(40), deletionGracePeriodSeconds: 30 }), at: ms(10) },
      { pod: pod([aStatus('app', running(at(1)))], { phase: 'Running', deletionTimestamp: at(22), deletionGracePeriodSeconds: 0 }), at: ms(22) },
    ]);
    expect(observations.firstDeletion).toEqual({ deadline: ms(40), gracePeriodSeconds: 30 });
    expect(observeDeletion(observations, ms(23)).firstDeletion).toEqual({ deadline: ms(40), gracePeriodSeconds: 30 });
    expect(kinds(observations).filter((kind) => kind === 'deleting')).toHaveLength(1);
  });

  it('has no first deletion for a pod never seen deleting', () => {
    expect(fold([{ pod: pod([aStatus('app', running(at(1)))]), at: ms(5) }]).firstDeletion).toBeUndefined();
  });

  it('keeps the order and the reported times of transitions when read from a file without observation times', () => {
    const observations = fold([
      { pod: pod([aStatus('app', running(at(1)))]), at: undefined },
      { pod: pod([aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(7) }))]), at: undefined },
    ]);
    expect(observations.transitions[0]).toEqual(expect.objectContaining({ kind: 'terminated', at: ms(7), untimed: true, snapshot: 2 }));
    expect(observations.snapshots).toBe(2);
    expect(observations.terminations).toHaveLength(1);
    expect(observations.firstSeenAt).toBeUndefined();
  });

  it('drops the oldest transitions and terminations beyond its bounds', () => {
    const snapshots = Array.from({ length: 8 }, (_, index) => ({
      pod: pod([
        aStatus('app', running(at(index * 10)), {
          restartCount: index,
          ...(index > 0 ? { lastState: terminated({ exitCode: 1, reason: 'Error', finishedAt: at(index * 10 - 1) }) } : {}),
        }),
      ]),
      at: ms(index * 10),
    }));
    const observations = fold(snapshots, { maxTransitions: 4, maxTerminations: 3 });
    expect(observations.transitions).toHaveLength(4);
    expect(observations.terminations.map((record) => record.attempt)).toEqual([4, 5, 6]);
    expect(observations.transitions.at(-1)?.at).toBe(ms(70));
  });
});

describe('observeDeletion', () => {
  it('records that the pod object is gone, with or without an observation time', () => {
    const base = fold([{ pod: pod([aStatus('app', running(at(1)))]), at: ms(1) }]);
    expect(observeDeletion(base, ms(50)).transitions.at(-1)).toEqual({ kind: 'deleted', at: ms(50) });
    expect(observeDeletion(undefined, undefined).transitions).toEqual([{ kind: 'deleted', at: 0, untimed: true }]);
  });
});
