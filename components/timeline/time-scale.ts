/**
 * Maps times onto the width of the swimlanes and picks readable axis ticks. Pure: the window is
 * given, never read from a clock.
 */
export interface TimeWindow {
  from: number;
  to: number;
}

export interface Tick {
  at: number;
  /** Offset from the window's start, e.g. `+5s`, `+1m 30s`. */
  label: string;
  /** Position in percent of the width. */
  pct: number;
}

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  21_600_000, 43_200_000, 86_400_000,
];

/** A window at least `minSpanMs` wide, so a pod that lived 3 ms still draws. */
export function toWindow(from: number, to: number, minSpanMs = 1_000): TimeWindow {
  const end = Math.max(to, from + minSpanMs);
  return { from, to: end };
}

/** Position of `at` in percent of the window, clamped to [0, 100]. */
export function toPct(window: TimeWindow, at: number): number {
  const span = window.to - window.from;
  if (!(span > 0)) return 0;
  return Math.min(100, Math.max(0, ((at - window.from) / span) * 100));
}

/** The smallest step that gives at most `maxTicks` ticks over the window. */
export function pickStep(spanMs: number, maxTicks = 8): number {
  return STEPS_MS.find((step) => spanMs / step <= maxTicks) ?? Math.ceil(spanMs / maxTicks);
}

/** `+0`, `+250ms`, `+5s`, `+1m 30s`, `+2h`. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '+0';
  if (ms < 1_000) return `+${ms}ms`;
  if (ms < 60_000) return `+${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return seconds ? `+${minutes}m ${seconds}s` : `+${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `+${hours}h ${minutes % 60}m` : `+${hours}h`;
}

/** Axis ticks from the start of the window, every `pickStep` ms. */
export function toTicks(window: TimeWindow, maxTicks = 8): Tick[] {
  const span = window.to - window.from;
  if (!(span > 0)) return [];
  const step = pickStep(span, maxTicks);
  const ticks: Tick[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    ticks.push({ at: window.from + offset, label: formatOffset(offset), pct: (offset / span) * 100 });
  }
  return ticks;
}

/** Left and width in percent of a segment clipped to the window; undefined when outside it. */
export function toSpan(window: TimeWindow, from: number, to: number): { left: number; width: number } | undefined {
  if (to < window.from || from > window.to) return undefined;
  const left = toPct(window, from);
  return { left, width: Math.max(0, toPct(window, to) - left) };
}
