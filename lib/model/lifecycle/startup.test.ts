import { describe, expect, it } from 'vitest';
import type { ContainerKind, Lane, Segment, Stamp } from '../types';
import { appStartAt, isOngoing, startupEnd } from './startup';

const at = (ms: number): Stamp => ({ at: ms, source: 'observed', resolutionMs: 1 });
const aLane = (kind: ContainerKind, over: Partial<Lane> = {}): Lane => ({
  container: kind,
  kind,
  image: 'i',
  segments: [],
  markers: [],
  restartCount: 0,
  ...over,
});
const segment = (state: Segment['state'], from: number, to?: number): Segment => ({ state, from: at(from), ...(to === undefined ? {} : { to: at(to) }) });

describe('end of startup and the app start', () => {
  it('ends the startup at the last container to become ready, started or running', () => {
    const lanes = [aLane('native-sidecar', { readyAt: at(5_000), startedAt: at(1_000) }), aLane('main', { firstRunningAt: at(7_000) })];
    expect(startupEnd(lanes)).toBe(7_000);
    expect(startupEnd([aLane('main')])).toBeUndefined();
  });

  it('starts the app at the first run of its last main container, sidecars aside', () => {
    const lanes = [
      aLane('native-sidecar', { firstRunningAt: at(1_000), readyAt: at(9_000) }),
      aLane('main', { firstRunningAt: at(3_000) }),
      aLane('main', { firstRunningAt: at(4_000) }),
    ];
    expect([appStartAt(lanes), startupEnd(lanes)]).toEqual([4_000, 9_000]);
  });

  it('has no app start until every main container ran', () => {
    expect(appStartAt([aLane('main', { firstRunningAt: at(3_000) }), aLane('main')])).toBeUndefined();
    expect(appStartAt([aLane('native-sidecar', { firstRunningAt: at(1_000) })])).toBeUndefined();
  });
});

describe('ongoing', () => {
  it.each<[string, Segment[], boolean]>([
    ['a container still running', [segment('running', 0)], true],
    ['a container backing off', [segment('running', 0, 5), segment('backoff', 5)], true],
    ['a container terminated for good', [segment('running', 0, 5), segment('terminated', 5)], false],
    ['a lane with nothing yet', [], false],
  ])('for %s', (_, segments, expected) => {
    expect(isOngoing([aLane('main', { segments })])).toBe(expected);
  });
});
