import { describe, expect, it } from 'vitest';
import type { Lane, PodLifecycle, Segment, Stamp } from '@/lib/model/types';
import { defaultZoom, toViewWindow } from './view-window';

const at = (ms: number): Stamp => ({ at: ms, source: 'observed', resolutionMs: 1 });

function aLane(over: Partial<Lane> = {}): Lane {
  return { container: 'c', kind: 'main', image: 'i', segments: [], markers: [], restartCount: 0, ...over };
}

function aLifecycle(lanes: Lane[], from = 0, to = 10_000): PodLifecycle {
  return { uid: 'u', namespace: 'n', name: 'p', lanes, markers: [], from, to, startupOrder: [] };
}

const running = (from: number, to?: number): Segment => ({ state: 'ready', from: at(from), to: to === undefined ? undefined : at(to) });
const stopped = (from: number): Segment => ({ state: 'terminated', from: at(from), exitCode: 1 });

describe('swimlane view window', () => {
  it('stretches to now while a container still runs', () => {
    const lifecycle = aLifecycle([aLane({ segments: [running(0)] })]);
    expect(toViewWindow(lifecycle, 60_000, 'all')).toEqual({ from: 0, to: 60_000 });
  });

  it('keeps a finished pod to its own span, however late it is looked at', () => {
    const lifecycle = aLifecycle([aLane({ segments: [running(0, 3_000), stopped(3_000)] })], 0, 3_000);
    expect(toViewWindow(lifecycle, 3_600_000, 'all')).toEqual({ from: 0, to: 3_000 });
  });

  it.each([
    [8_000, 11_000],
    [40_000, 50_000],
  ])('zooms on a startup ending at %i ms with a margin after it, to %i ms', (readyAt, to) => {
    const lifecycle = aLifecycle([aLane({ segments: [running(0)], readyAt: at(readyAt) })]);
    expect(toViewWindow(lifecycle, 600_000, 'startup')).toEqual({ from: 0, to });
  });

  it('has no window for a pod with no time at all', () => {
    expect(toViewWindow({ ...aLifecycle([]), from: undefined }, 1, 'all')).toBeUndefined();
  });

  it.each<[string, Lane, number, 'all' | 'startup']>([
    ['opens a long-lived pod on its startup', aLane({ segments: [running(0)], readyAt: at(2_000) }), 600_000, 'startup'],
    ['opens a pod that restarted on its whole life', aLane({ segments: [running(0)], readyAt: at(2_000), restartCount: 3 }), 600_000, 'all'],
    ['opens a young pod on its whole life', aLane({ segments: [running(0)], readyAt: at(2_000) }), 5_000, 'all'],
  ])('%s', (_, lane, now, zoom) => {
    expect(defaultZoom(aLifecycle([lane], 0, 2_000), now)).toBe(zoom);
  });

  it('opens a pod whose container was killed long after it started on its whole life', () => {
    const steady = aLane({ container: 'app', segments: [running(0)], readyAt: at(2_000) });
    const killed = aLane({ container: 'logger', segments: [running(0, 180_000), stopped(180_000)], readyAt: at(1_000) });
    expect(defaultZoom(aLifecycle([steady], 0, 180_000), 600_000)).toBe('startup');
    expect(defaultZoom(aLifecycle([steady, killed], 0, 180_000), 600_000)).toBe('all');
  });
});
