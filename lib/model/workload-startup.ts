/**
 * What a workload's replicas say together about startup: each replica's lanes aligned at its own
 * pod start, which replicas are far slower than the rest, per-container durations from container
 * start to *started* and to *ready* with percentiles and a histogram, and findings grouped by id.
 * Pure: the server hands in digests, lifecycles and findings it already has.
 */
import { percentiles } from './derive-views';
import type { Finding, Lane, MarkerKind, PodDigest, PodLifecycle, Severity } from './types';
import type { PodRow } from './views';
import type { ContainerStartupStats, DurationPoint, DurationStats, FindingGroup, ReplicaStartup } from './workload-view';

/** Markers drawn in the compact lanes: what tells a slow or broken replica apart at a glance. */
const COMPACT_MARKERS: ReadonlySet<MarkerKind> = new Set<MarkerKind>(['restart', 'oom-killed', 'probe-failed', 'killing']);
const MAX_SEGMENTS = 60;
const MAX_MARKERS = 20;

/** A replica is slow when it took at least twice the median and at least this much longer. */
const SLOW_FACTOR = 2;
const SLOW_MIN_EXCESS_MS = 2_000;

/** One pod as the server knows it. */
export interface ReplicaInput {
  pod: PodDigest;
  lifecycle: PodLifecycle;
  row: PodRow;
  findings: readonly Finding[];
  startupTaxMs?: number;
}

/** The time a replica's offsets count from: the kubelet's `startTime`, else creation, else its earliest time. */
export function alignmentOrigin(pod: PodDigest, lifecycle: PodLifecycle): number | undefined {
  return pod.startTime ?? pod.createdAt ?? lifecycle.from;
}

/** Lanes trimmed for a stack of many replicas: the newest segments, only the telling markers. */
export function toCompactLanes(lanes: readonly Lane[]): Lane[] {
  return lanes.map((lane) => ({
    ...lane,
    segments: lane.segments.slice(-MAX_SEGMENTS),
    markers: lane.markers.filter((m) => COMPACT_MARKERS.has(m.kind)).slice(-MAX_MARKERS),
  }));
}

/** Pod start → the moment the last container became ready; undefined while one never was. */
export function readyAfterMs(lifecycle: PodLifecycle, t0: number): number | undefined {
  const lanes = lifecycle.lanes.filter((lane) => lane.kind !== 'init');
  if (lanes.length === 0 || lanes.some((lane) => !lane.readyAt)) return undefined;
  return Math.max(0, Math.max(...lanes.map((lane) => lane.readyAt?.at ?? 0)) - t0);
}

/** Far slower than the median: at least {@link SLOW_FACTOR}× and {@link SLOW_MIN_EXCESS_MS} more. */
export function isSlowReplica(valueMs: number | undefined, medianMs: number | undefined): boolean {
  if (valueMs === undefined || medianMs === undefined) return false;
  return valueMs >= SLOW_FACTOR * medianMs && valueMs - medianMs >= SLOW_MIN_EXCESS_MS;
}

/** One replica, aligned; `isSlow` is decided against the others by {@link toReplicaStartups}. */
export function toReplicaStartup(input: ReplicaInput): ReplicaStartup | undefined {
  const t0 = alignmentOrigin(input.pod, input.lifecycle);
  if (t0 === undefined) return undefined;
  const ready = readyAfterMs(input.lifecycle, t0);
  return {
    uid: input.pod.uid,
    name: input.pod.name,
    ...(input.pod.nodeName === undefined ? {} : { node: input.pod.nodeName }),
    status: input.row.status,
    ready: input.row.ready,
    restarts: input.row.restarts,
    deleted: input.row.deleted,
    t0,
    ...(input.startupTaxMs === undefined ? {} : { startupTaxMs: input.startupTaxMs }),
    ...(ready === undefined ? {} : { readyAfterMs: ready }),
    isSlow: false,
    lanes: toCompactLanes(input.lifecycle.lanes),
    findings: { ...input.row.findings },
  };
}

/** The replicas, slow ones marked against the median startup tax, slowest first, at most `limit`. */
export function toReplicaStartups(inputs: readonly ReplicaInput[], limit: number): ReplicaStartup[] {
  const replicas = inputs.map(toReplicaStartup).filter((r): r is ReplicaStartup => r !== undefined);
  const taxes = replicas.flatMap((r) => (r.startupTaxMs === undefined ? [] : [r.startupTaxMs]));
  const median = taxes.length >= 3 ? percentiles(taxes, [50])[0] : undefined;
  for (const replica of replicas) replica.isSlow = isSlowReplica(replica.startupTaxMs, median);
  return replicas.sort(bySlowest).slice(0, limit);
}

function bySlowest(a: ReplicaStartup, b: ReplicaStartup): number {
  return (b.startupTaxMs ?? -1) - (a.startupTaxMs ?? -1) || a.name.localeCompare(b.name);
}

/** Bin widths a person reads easily, in ms. */
const BIN_WIDTHS = [10, 20, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/**
 * Equal-width bins (a readable width giving at most `maxBins`) from the bin of the smallest value
 * to that of the largest; empty for no values. Values on a boundary go to the upper bin.
 */
export function toHistogram(values: readonly number[], maxBins = 12): DurationStats['bins'] {
  const finite = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (finite.length === 0) return [];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const width = BIN_WIDTHS.find((w) => Math.floor(max / w) - Math.floor(min / w) + 1 <= maxBins) ?? Math.ceil((max - min + 1) / maxBins);
  const first = Math.floor(min / width);
  const bins = Array.from({ length: Math.floor(max / width) - first + 1 }, (_, i) => ({
    fromMs: (first + i) * width,
    toMs: (first + i + 1) * width,
    count: 0,
  }));
  for (const v of finite) {
    const bin = bins[Math.floor(v / width) - first];
    if (bin) bin.count += 1;
  }
  return bins;
}

/** Sample count, p50/p95/p99 (nearest rank), max and histogram of durations in ms; `resolutionMs` of the times they came from. */
export function toDurationStats(values: readonly number[], maxBins = 12, resolutionMs?: number): DurationStats {
  const finite = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (finite.length === 0) return { samples: 0, bins: [] };
  const [p50, p95, p99] = percentiles(finite, [50, 95, 99]);
  return {
    samples: finite.length,
    p50,
    p95,
    p99,
    max: Math.max(...finite),
    bins: toHistogram(finite, maxBins),
    ...(resolutionMs === undefined ? {} : { resolutionMs }),
  };
}

/**
 * Container start (first run) → started, and → ready, for one lane, with the coarser resolution of
 * the two times each came from; undefined parts were never reached.
 */
export function laneDurations(lane: Lane): { startedMs?: number; readyMs?: number; startedResolutionMs?: number; readyResolutionMs?: number } {
  const run = lane.firstRunningAt;
  if (run === undefined) return {};
  const { startedAt, readyAt } = lane;
  return {
    ...(startedAt ? { startedMs: Math.max(0, startedAt.at - run.at), startedResolutionMs: Math.max(run.resolutionMs, startedAt.resolutionMs) } : {}),
    ...(readyAt ? { readyMs: Math.max(0, readyAt.at - run.at), readyResolutionMs: Math.max(run.resolutionMs, readyAt.resolutionMs) } : {}),
  };
}

/**
 * Per container of the template (init containers left out: they have no started/ready to tune),
 * the durations across replicas, with the points over time (oldest pod first, at most `maxPoints`).
 */
export function toContainerStartupStats(inputs: readonly ReplicaInput[], maxPoints = 500): ContainerStartupStats[] {
  const byName = new Map<string, { kind: Lane['kind']; started: number[]; ready: number[]; points: DurationPoint[]; startedRes: number; readyRes: number }>();
  const ordered = [...inputs].sort((a, b) => (alignmentOrigin(a.pod, a.lifecycle) ?? 0) - (alignmentOrigin(b.pod, b.lifecycle) ?? 0));
  for (const input of ordered) {
    const at = alignmentOrigin(input.pod, input.lifecycle);
    for (const lane of input.lifecycle.lanes) {
      if (lane.kind === 'init') continue;
      const entry = byName.get(lane.container) ?? { kind: lane.kind, started: [], ready: [], points: [], startedRes: 0, readyRes: 0 };
      byName.set(lane.container, entry);
      const { startedMs, readyMs, startedResolutionMs = 0, readyResolutionMs = 0 } = laneDurations(lane);
      entry.startedRes = Math.max(entry.startedRes, startedResolutionMs);
      entry.readyRes = Math.max(entry.readyRes, readyResolutionMs);
      if (startedMs !== undefined) entry.started.push(startedMs);
      if (readyMs !== undefined) entry.ready.push(readyMs);
      if (at !== undefined && (startedMs !== undefined || readyMs !== undefined))
        entry.points.push({ at, ...(startedMs === undefined ? {} : { startedMs }), ...(readyMs === undefined ? {} : { readyMs }) });
    }
  }
  return [...byName].map(([container, e]) => ({
    container,
    kind: e.kind,
    toStarted: toDurationStats(e.started, 12, e.started.length > 0 ? e.startedRes : undefined),
    toReady: toDurationStats(e.ready, 12, e.ready.length > 0 ? e.readyRes : undefined),
    points: e.points.slice(-maxPoints),
  }));
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings of every pod grouped by id: how many pods, which containers, a few pods to open. */
export function groupFindings(perPod: readonly (readonly Finding[])[], maxExamples = 10): FindingGroup[] {
  const groups = new Map<string, FindingGroup & { podUids: Set<string>; containerSet: Set<string> }>();
  for (const findings of perPod) {
    for (const f of findings) {
      let g = groups.get(f.id);
      if (!g) {
        g = { id: f.id, severity: f.severity, pods: 0, containers: [], message: f.message, examples: [], podUids: new Set(), containerSet: new Set() };
        groups.set(f.id, g);
      }
      if (RANK[f.severity] < RANK[g.severity]) {
        g.severity = f.severity;
        g.message = f.message;
      }
      if (f.container !== undefined) g.containerSet.add(f.container);
      if (!g.podUids.has(f.podUid)) {
        g.podUids.add(f.podUid);
        if (g.examples.length < maxExamples)
          g.examples.push({ namespace: f.namespace, name: f.pod, ...(f.container === undefined ? {} : { container: f.container }) });
      }
    }
  }
  return [...groups.values()]
    .map(({ podUids, containerSet, ...g }) => ({ ...g, pods: podUids.size, containers: [...containerSet].sort() }))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.pods - a.pods || a.id.localeCompare(b.id));
}
