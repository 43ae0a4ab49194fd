/** Small numeric helpers for the benchmark runner: percentiles, heap after GC, timing. */
import { setTimeout as sleep } from 'node:timers/promises';

/** The `p`-th percentile (0–100) of `values`, or NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Heap used after full garbage collections (needs `node --expose-gc`). */
export async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i += 1) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

/** Polls `test` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function until(test: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await test())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms` : 'n/a';
export const bytes = (value: number): string =>
  value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MB` : value >= 1024 ? `${(value / 1024).toFixed(2)} KB` : `${Math.round(value)} B`;
export const count = (value: number): string => Math.round(value).toLocaleString('en-US');
