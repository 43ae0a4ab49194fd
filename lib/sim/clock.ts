/**
 * Time moved by hand. The scenario engine reads `now()` and schedules with `at()` and `setTimer()`;
 * a test drives the clock with `advance()`, a demo attaches a {@link RealtimeDriver} that advances
 * it with the wall clock times a speed factor. Tasks due at the same instant run in scheduling
 * order. The same {@link ManualClock} is the dashboard's {@link Clock} in tests of the watch loops,
 * the poller and the access check: their delays and timers fall due as the test advances it.
 */
import type { Clock } from '../k8s/clock';

export type CancelTask = () => void;

/** What the scenario engine needs: the dashboard's clock's `now` and `setTimer`, and `at`. */
export interface SimClock extends Pick<Clock, 'now' | 'setTimer'> {
  /** Runs `task` when sim time reaches `timeMs` (at once on the next advance if already past). */
  at(timeMs: number, task: () => void): CancelTask;
}

interface Task {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

function isBefore(a: Task, b: Task): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A binary heap of tasks: churn schedules one task per pod, so a sorted array would not do. */
class TaskHeap {
  private readonly items: Task[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Task | undefined {
    return this.items[0];
  }
  push(task: Task): void {
    const items = this.items;
    items.push(task);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Task;
      if (!isBefore(task, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = task;
  }
  pop(): Task | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      const left = items[l];
      const right = items[r];
      if (left && isBefore(left, best)) {
        m = l;
        best = left;
      }
      if (right && isBefore(right, best)) m = r;
      if (m === i) break;
      items[i] = items[m] as Task;
      i = m;
    }
    items[i] = last;
    return top;
  }
}

/** A clock that moves only when told to. */
export class ManualClock implements SimClock, Clock {
  private current: number;
  private seq = 0;
  private readonly heap = new TaskHeap();
  /** Every `delay()` asked for, in order (a test reads the back-off sequence here). */
  readonly delays: number[] = [];

  /**
   * `instantDelays`: `delay()` resolves on the next turn of the event loop without moving time,
   * for tests of retry loops that check which back-offs were asked for, not that they elapse.
   */
  constructor(
    startMs = Date.UTC(2023, 10, 14, 22, 13, 20),
    private readonly options: { instantDelays?: boolean } = {},
  ) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  at(timeMs: number, run: () => void): CancelTask {
    const task: Task = { at: Math.max(timeMs, this.current), seq: this.seq++, run, cancelled: false };
    this.heap.push(task);
    return () => {
      task.cancelled = true;
    };
  }

  setTimer(run: () => void, delayMs: number): CancelTask {
    return this.at(this.current + Math.max(0, delayMs), run);
  }

  /** Resolves once the clock has been advanced by `ms` (see `instantDelays`), or at once when `signal` aborts. */
  delay(ms: number, signal?: AbortSignal): Promise<void> {
    this.delays.push(ms);
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      if (this.options.instantDelays) return void setImmediate(resolve);
      const cancel = this.setTimer(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          cancel();
          resolve();
        },
        { once: true },
      );
    });
  }

  /** No jitter: the same run every time. */
  random(): number {
    return 0.5;
  }

  /** Moves time forward by `ms`, running every task that falls due, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + Math.max(0, ms));
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      const next = this.heap.peek();
      if (!next || next.at > targetMs) break;
      this.heap.pop();
      if (next.cancelled) continue;
      this.current = Math.max(this.current, next.at);
      next.run();
    }
    this.current = Math.max(this.current, targetMs);
  }

  get pendingTasks(): number {
    return this.heap.size;
  }
}

/** Advances a {@link ManualClock} with the wall clock, `speed` sim-ms per real ms. */
export class RealtimeDriver {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastReal = 0;

  constructor(
    private readonly clock: ManualClock,
    private readonly speed: number,
    private readonly tickMs = 50,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  resume(): void {
    if (this.timer) return;
    this.lastReal = performance.now();
    this.timer = setInterval(() => {
      const real = performance.now();
      this.clock.advance((real - this.lastReal) * this.speed);
      this.lastReal = real;
    }, this.tickMs);
    this.timer.unref?.();
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
