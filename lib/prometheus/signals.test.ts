import { describe, expect, it } from 'vitest';
import type { PrometheusSignals } from '../model/types';
import { sameSignals } from './signals';

const signals = (containers: PrometheusSignals['containers'], at = 1, windowSeconds = 600): PrometheusSignals => ({ at, windowSeconds, containers });

describe('sameSignals', () => {
  it('holds for the same figures read at another time, whatever order the containers came in', () => {
    const a = signals({ proxy: { throttledShare: 0.5, cfsPeriods: 600 }, agent: { oomEvents: 1, restarts: 0 } });
    const b = signals({ agent: { restarts: 0, oomEvents: 1 }, proxy: { cfsPeriods: 600, throttledShare: 0.5 } }, 2);
    expect(sameSignals(a, b)).toBe(true);
    expect(sameSignals(undefined, undefined)).toBe(true);
  });

  it.each([
    ['a figure changed', signals({ proxy: { throttledShare: 0.6, cfsPeriods: 600 } })],
    ['a figure appeared', signals({ proxy: { throttledShare: 0.5, cfsPeriods: 600, oomEvents: 0 } })],
    ['a container appeared', signals({ proxy: { throttledShare: 0.5, cfsPeriods: 600 }, agent: {} })],
    ['another container', signals({ agent: { throttledShare: 0.5, cfsPeriods: 600 } })],
    ['another window', signals({ proxy: { throttledShare: 0.5, cfsPeriods: 600 } }, 1, 300)],
    ['none', undefined],
  ])('fails when %s', (_what, other) => {
    const a = signals({ proxy: { throttledShare: 0.5, cfsPeriods: 600 } });
    expect(sameSignals(a, other)).toBe(false);
    expect(sameSignals(other, a)).toBe(false);
  });
});
