/**
 * Revalidates the visible pods-list pages when the stream says rows changed, but never while one
 * of them is still loading. SWR answers a revalidation by starting a new request and dropping the
 * answer of the one in flight, so on a busy cluster (a batch every 500 ms, a 100,000-pod list page
 * taking 250 ms) the list could wait seconds for an answer it was allowed to keep. Changes that
 * arrive meanwhile are folded into one revalidation once the load ends.
 */
import type { Timers } from './stream-connection';

export interface ListRefresher {
  /** Rows changed: revalidate now, or as soon as no list page is loading. */
  request(): void;
  dispose(): void;
}

export function createListRefresher(deps: {
  /** True while a list page is loading. */
  isBusy: () => boolean;
  revalidate: () => void;
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  retryMs?: number;
}): ListRefresher {
  let pending = false;
  let timer: unknown;
  const attempt = () => {
    timer = undefined;
    if (!pending) return;
    if (deps.isBusy()) {
      timer = deps.timers.setTimeout(attempt, deps.retryMs ?? 100);
      return;
    }
    pending = false;
    deps.revalidate();
  };
  return {
    request() {
      pending = true;
      if (timer === undefined) attempt();
    },
    dispose() {
      pending = false;
      if (timer !== undefined) deps.timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}
