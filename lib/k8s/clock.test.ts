import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, systemClock } from './clock';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('systemClock', () => {
  it('cuts a wait past the longest timer to it, instead of letting Node fire it after 1 ms', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const abort = new AbortController();
    void systemClock.delay(4_000_000_000, abort.signal);
    const cancel = systemClock.setTimer(() => undefined, 5_000_000_000);
    expect(setTimeoutSpy.mock.calls.map((call) => call[1])).toEqual([MAX_TIMER_MS, MAX_TIMER_MS]);
    abort.abort();
    cancel();
  });
});
