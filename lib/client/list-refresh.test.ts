import { describe, expect, it } from 'vitest';
import { createListRefresher } from './list-refresh';

function aRefresher() {
  const state = { busy: false, revalidations: 0, timeouts: [] as (() => void)[] };
  const refresher = createListRefresher({
    isBusy: () => state.busy,
    revalidate: () => {
      state.revalidations += 1;
    },
    timers: { setTimeout: (fn) => state.timeouts.push(fn), clearTimeout: () => (state.timeouts = []) },
  });
  const runTimeouts = () => {
    const due = state.timeouts;
    state.timeouts = [];
    due.forEach((fn) => fn());
  };
  return { refresher, state, runTimeouts };
}

describe('createListRefresher', () => {
  it('revalidates at once when no list page is loading', () => {
    const { refresher, state } = aRefresher();
    refresher.request();
    refresher.request();
    expect(state.revalidations).toBe(2);
  });

  it('lets a loading page finish, then folds every change asked meanwhile into one revalidation', () => {
    const { refresher, state, runTimeouts } = aRefresher();
    state.busy = true;
    refresher.request();
    refresher.request();
    refresher.request();
    runTimeouts();
    expect(state.revalidations).toBe(0);
    expect(state.timeouts).toHaveLength(1);
    state.busy = false;
    runTimeouts();
    expect(state.revalidations).toBe(1);
    runTimeouts();
    expect(state.revalidations).toBe(1);
  });

  it('does nothing after dispose', () => {
    const { refresher, state, runTimeouts } = aRefresher();
    state.busy = true;
    refresher.request();
    refresher.dispose();
    state.busy = false;
    runTimeouts();
    expect(state.revalidations).toBe(0);
  });
});
