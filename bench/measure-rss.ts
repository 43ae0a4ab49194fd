/**
 * Resident memory of the whole production server (`sidecarscope serve`, PodMetrics polled every
 * 15 s, history on, as the chart runs it) on the churn sim of N pods in its own process: after the
 * first sync (and its first metrics poll) and after `minutes` of churn at `rate` updates/s,
 * beside the chart's default memory limit.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRemoteChurnSim } from './remote-sim';
import { buildOnce, startServe } from './serve-process';

export interface RssResult {
  pods: number;
  rate: number;
  minutes: number;
  /** From `serve` started to /readyz answering 200 (process start and Next.js included). */
  readyMs: number;
  /** Whole process tree, and its largest process (the front server holding the hub). */
  afterSync: { total: number; largest: number };
  end: { total: number; largest: number };
  /** Largest tree total seen by the samples (every 15 s). */
  peak: number;
  /** Updates per second the sim applied at the end (its own count). */
  simRate: number;
  /** `resources.limits.memory` of deploy/helm/sidecarscope/values.yaml, in bytes. */
  chartLimit: number;
}

/** The chart's default memory limit, in bytes. */
export function chartMemoryLimit(values = readFileSync('deploy/helm/sidecarscope/values.yaml', 'utf8')): number {
  const match = /\nresources:\n(?:[ \t].*\n)*?\s+limits:\n\s+memory:\s*(\d+)(Mi|Gi)/.exec(values);
  if (!match) throw new Error('no resources.limits.memory in the chart values');
  return Number(match[1]) * (match[2] === 'Gi' ? 2 ** 30 : 2 ** 20);
}

export async function measureRss(pods: number, minutes: number, port: number, rate = 1_000): Promise<RssResult> {
  await buildOnce();
  const sim = await startRemoteChurnSim(pods, rate);
  try {
    const t0 = performance.now();
    const server = await startServe(sim.kubeconfigPath, port);
    try {
      const readyMs = performance.now() - t0;
      // The first metrics poll follows the first list (interval 15 s): take it after that.
      await sleep(20_000);
      const afterSync = server.rss();
      let peak = afterSync.total;
      const deadline = performance.now() + minutes * 60_000;
      while (performance.now() < deadline) {
        await sleep(Math.min(15_000, Math.max(0, deadline - performance.now())));
        peak = Math.max(peak, server.rss().total);
      }
      const end = server.rss();
      const { updatesPerSecond } = await sim.stats();
      return { pods: sim.pods, rate, minutes, readyMs, afterSync, end, peak: Math.max(peak, end.total), simRate: updatesPerSecond, chartLimit: chartMemoryLimit() };
    } finally {
      await server.stop();
    }
  } finally {
    await sim.close();
  }
}
