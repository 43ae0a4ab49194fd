/**
 * Time as a parameter (client-node `cache.ts` passes `delayFn` the same way), so the watch loop,
 * the poller and the hub can be driven by tests without real timers.
 */
import 'server-only';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
  /** A number in [0, 1) for jitter. */
  random(): number;
}

/** The longest a Node timer waits (2^31 - 1 ms, about 24.8 days): past it, `setTimeout` fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock. Timers are `unref`ed so they never keep the process alive; a longer wait is cut to {@link MAX_TIMER_MS}. */
export const systemClock: Clock = {
  now: () => Date.now(),
  delay: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(ms, MAX_TIMER_MS),
      );
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, Math.min(ms, MAX_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
  random: () => Math.random(),
};

/** Capped exponential backoff with equal jitter: `failures` = 1 gives about `baseMs`. */
export function backoffDelayMs(failures: number, random: number, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
