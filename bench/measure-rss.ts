/**
 * Resident memory of the whole production server (`sidecarscope serve`, PodMetrics polled every
 * 15 s, history on, as the chart runs it) on the churn sim of N pods in its own process: after the
 * first sync (and its first metrics poll) and after `minutes` of churn at `rate` updates/s,
 * beside the chart's default memory limit.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { churnNamespaces } from '../lib/sim/churn';
import { startRemoteChurnSim } from './remote-sim';
import { buildOnce, startServe, type MemoryProbe, type ServerKind } from './serve-process';

export interface RssResult {
  pods: number;
  rate: number;
  minutes: number;
  /** From `serve` started to /readyz answering 200 (process start and Next.js included). */
  readyMs: number;
  /**
   * The front server (Next.js and the hub: the process the chart's container runs), and the whole
   * tree (with the CLI that started it, which the container does not have).
   */
  afterSync: { total: number; largest: number };
  end: { total: number; largest: number };
  /** CPU seconds of the front server: from start to the after-sync reading, and during the churn. */
  cpuSeconds: { sync: number; churn: number };
  /** The front server's largest RSS seen by the samples (every 15 s). */
  peak: number;
  /** Updates per second the sim applied at the end (its own count). */
  simRate: number;
  /** `resources.limits.memory` of deploy/helm/sidecarscope/values.yaml, in bytes. */
  chartLimit: number;
  /** `maxHeapMiB` of the same values: the server runs with it, as in the chart's container. */
  maxHeapMiB: number;
  /** `bundle`: the image's server (Next's standalone output and sidecarscope-server.mjs); `cli`: `sidecarscope serve`. */
  server: ServerKind;
  /** Where the front server's memory was (process.memoryUsage, V8's heap spaces, live heap after a full GC). */
  probeAfterSync?: MemoryProbe;
  probeEnd?: MemoryProbe;
  /**
   * Restarts of the server's pod watch (its `/metrics`) up to the after-sync reading and during the
   * churn: a server cut off by the sim for reading too slowly applies less of the churn than asked.
   */
  podWatchRestarts?: { sync?: number; churn?: number };
  /** Set when the server died (e.g. out of heap under the chart's ceiling). */
  error?: string;
  /** How many of the sim's 20 namespaces the server watched (one release of a split), when not all. */
  namespaces?: number;
  /** The values file the server's settings came from, beside the chart's defaults (e.g. deploy/examples/values-split-release.yaml). */
  valuesFile?: string;
}

const chartValues = () => readFileSync('deploy/helm/sidecarscope/values.yaml', 'utf8');

/**
 * The memory settings a release runs with: the chart's defaults, with those a values file sets
 * (`helm -f FILE`) in their place.
 */
export function releaseSettings(valuesFile?: string): { chartLimit: number; maxHeapMiB: number; maxSemiSpaceMiB: number } {
  const defaults = chartValues();
  const file = valuesFile === undefined ? undefined : `\n${readFileSync(valuesFile, 'utf8')}`;
  // A key the file sets is read from it (and must parse there); a key it leaves out is the chart's.
  const from = (key: RegExp) => (file !== undefined && key.test(file) ? file : defaults);
  return {
    chartLimit: chartMemoryLimit(from(/\nresources:/)),
    maxHeapMiB: chartMaxHeapMiB(from(/\nmaxHeapMiB:/)),
    maxSemiSpaceMiB: chartMaxSemiSpaceMiB(from(/\nmaxSemiSpaceMiB:/)),
  };
}

/** The chart's default memory limit, in bytes. */
export function chartMemoryLimit(values = chartValues()): number {
  const match = /\nresources:\n(?:[ \t].*\n)*?\s+limits:\n\s+memory:\s*(\d+)(Mi|Gi)/.exec(values);
  if (!match) throw new Error('no resources.limits.memory in the chart values');
  return Number(match[1]) * (match[2] === 'Gi' ? 2 ** 30 : 2 ** 20);
}

/** The chart's default V8 heap ceiling, in MiB. */
export function chartMaxHeapMiB(values = chartValues()): number {
  const match = /\nmaxHeapMiB:\s*(\d+)/.exec(values);
  if (!match) throw new Error('no maxHeapMiB in the chart values');
  return Number(match[1]);
}

/** The chart's V8 semi-space size in MiB (0 or absent: V8's own). */
export function chartMaxSemiSpaceMiB(values = chartValues()): number {
  return Number(/\nmaxSemiSpaceMiB:\s*(\d+)/.exec(values)?.[1] ?? 0);
}

export async function measureRss(
  pods: number,
  minutes: number,
  port: number,
  options: {
    rate?: number;
    kind?: ServerKind;
    probe?: boolean;
    nodeOptions?: string;
    heapSnapshotDir?: string;
    env?: Record<string, string>;
    /** The server watches the sim's first `namespaces` of its 20, as one release of a split by namespace set. */
    namespaces?: number;
    /** A values file whose memory settings (limit, `maxHeapMiB`, `maxSemiSpaceMiB`) replace the chart's defaults. */
    valuesFile?: string;
  } = {},
): Promise<RssResult> {
  const { rate = 1_000, kind = 'bundle', probe = false, namespaces } = options;
  await buildOnce(kind);
  // As the chart's release with `namespaces`: Roles in those namespaces only, so the cluster scope answers 403.
  const sim = await startRemoteChurnSim(pods, rate, { clusterScopeDenied: namespaces !== undefined });
  const env = {
    ...(namespaces === undefined
      ? {}
      : { SIDECARSCOPE_NAMESPACES: churnNamespaces({ pods: Number.MAX_SAFE_INTEGER, namespaces: 20 }).slice(0, namespaces).join(',') }),
    ...options.env,
  };
  try {
    const t0 = performance.now();
    const { chartLimit, maxHeapMiB, maxSemiSpaceMiB: semi } = releaseSettings(options.valuesFile);
    // As the chart's NODE_OPTIONS; --rss-node-options come after and win.
    const nodeOptions = [semi > 0 ? `--max-semi-space-size=${semi}` : '', options.nodeOptions ?? ''].filter(Boolean).join(' ');
    const server = await startServe(sim.kubeconfigPath, port, {
      maxHeapMiB,
      kind,
      probe,
      nodeOptions,
      ...(options.heapSnapshotDir ? { heapSnapshotDir: options.heapSnapshotDir } : {}),
      env,
    });
    try {
      const readyMs = performance.now() - t0;
      // The first metrics poll follows the first list (interval 15 s): take it after that.
      await sleep(20_000);
      const afterSync = server.rss();
      const cpuAfterSync = server.cpuSeconds();
      const restartsAfterSync = await podWatchRestarts(server.url);
      const probeAfterSync = probe ? await server.probe() : undefined;
      let peak = afterSync.largest;
      const deadline = performance.now() + minutes * 60_000;
      let error: string | undefined;
      while (performance.now() < deadline && error === undefined) {
        await sleep(Math.min(15_000, Math.max(0, deadline - performance.now())));
        peak = Math.max(peak, server.rss().largest);
        if (server.child.exitCode !== null || server.child.signalCode !== null)
          error = `the server exited (${server.child.exitCode ?? server.child.signalCode})`;
        else if ((await fetch(`${server.url}/readyz`).catch(() => undefined))?.ok !== true) error = 'the server stopped answering /readyz';
      }
      const end = server.rss();
      const cpuEnd = server.cpuSeconds();
      const restartsEnd = await podWatchRestarts(server.url);
      const probeEnd = probe ? await server.probe() : undefined;
      const { updatesPerSecond } = await sim.stats();
      return {
        pods: sim.pods,
        rate,
        minutes,
        readyMs,
        afterSync,
        end,
        cpuSeconds: { sync: cpuAfterSync, churn: cpuEnd - cpuAfterSync },
        podWatchRestarts: {
          ...(restartsAfterSync === undefined ? {} : { sync: restartsAfterSync }),
          ...(restartsEnd === undefined || restartsAfterSync === undefined ? {} : { churn: restartsEnd - restartsAfterSync }),
        },
        peak: Math.max(peak, end.largest),
        simRate: updatesPerSecond,
        chartLimit,
        maxHeapMiB,
        server: kind,
        ...(namespaces === undefined ? {} : { namespaces }),
        ...(options.valuesFile === undefined ? {} : { valuesFile: options.valuesFile }),
        ...(probeAfterSync ? { probeAfterSync } : {}),
        ...(probeEnd ? { probeEnd } : {}),
        ...(error ? { error } : {}),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await sim.close();
  }
}

/** The server's pod watch restarts so far, from its `/metrics`; undefined when it does not answer. */
async function podWatchRestarts(url: string): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`)
    .then((response) => (response.ok ? response.text() : undefined))
    .catch(() => undefined);
  if (text === undefined) return undefined;
  // The counter has a series for a resource once it restarted.
  const match = text.match(/^sidecarscope_watch_restarts_total\{resource="pods"\} (\d+)$/m);
  return match ? Number(match[1]) : 0;
}
