/**
 * Requests first, background work after. The hub's long jobs (a list applied and derived, a
 * metrics poll at 100,000 pods: two seconds of slices) yield to the event loop between slices, but
 * a request needs several turns of the loop (accept, route, read, compress, write), and each turn
 * waited behind a whole slice: a page's script files took 100-280 ms each instead of 30. So the
 * front server counts the requests it is answering ({@link answering}) and a slice, before it
 * starts, waits for them to be answered ({@link giveWay}), for at most {@link GIVE_WAY_MS}: the
 * background work still goes on under a steady stream of requests.
 *
 * The count lives on `globalThis`: the front server's bundle and Next.js's server bundle (where the
 * hub runs) are two module graphs in one process.
 */

/** The longest a background slice waits for requests to be answered. */
export const GIVE_WAY_MS = 50;

interface Foreground {
  answering: number;
  waiting: Set<() => void>;
}

const KEY = Symbol.for('sidecarscope.foreground');
type WithForeground = typeof globalThis & { [KEY]?: Foreground };

function foreground(): Foreground {
  const scope = globalThis as WithForeground;
  return (scope[KEY] ??= { answering: 0, waiting: new Set() });
}

/** Counts a request as being answered until the returned function is called (more calls do nothing). */
export function answering(): () => void {
  const state = foreground();
  state.answering += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    state.answering -= 1;
    if (state.answering > 0) return;
    for (const wake of [...state.waiting]) wake();
  };
}

/** How many requests are being answered now. */
export function answeringNow(): number {
  return foreground().answering;
}

/**
 * A turn of the event loop (`setImmediate`) for the background to yield with; while requests are
 * being answered, not before they are, or `maxWaitMs` has passed.
 */
export function giveWay(maxWaitMs = GIVE_WAY_MS): Promise<void> {
  const state = foreground();
  return new Promise((resolve) => {
    if (state.answering === 0) {
      setImmediate(resolve);
      return;
    }
    const go = () => {
      clearTimeout(timer);
      state.waiting.delete(go);
      setImmediate(resolve);
    };
    const timer = setTimeout(go, maxWaitMs);
    state.waiting.add(go);
  });
}
