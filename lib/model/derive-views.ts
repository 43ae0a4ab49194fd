/**
 * View helpers the server uses to build rows, running fleet totals, startup tax and metrics
 * series. Fleet shares add and subtract, so the server keeps totals incrementally: add a pod's
 * share when it appears, subtract the old and add the new when it changes.
 */
import { isSidecarKind } from './classify';
import { kubectlColumns } from './kubectl-status';
import { appStartAt } from './lifecycle/startup';
import type { Finding, MetricsSample, PodDigest, PodLifecycle } from './types';
import type { ContainerMetricsSeries, FleetShare, PodRow, ResourceTotals, SeverityCounts } from './views';

/** One row of the pods list: kubectl's columns, containers and finding counts. */
export function toPodRow(pod: PodDigest, findings: readonly Finding[]): PodRow {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  const columns = kubectlColumns(pod);
  const row: PodRow = {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    workload: pod.workload,
    phase: pod.phase,
    status: columns.status,
    ready: columns.ready,
    restarts: columns.restarts,
    deleted: pod.deletedAt !== undefined,
    containers: pod.containers.map((container) => ({ name: container.name, kind: container.kind, ...(container.signal ? { signal: container.signal } : {}) })),
    findings: counts,
    findingIds: [...new Set(findings.map((finding) => finding.id))],
  };
  if (pod.nodeName !== undefined) row.node = pod.nodeName;
  if (pod.createdAt !== undefined) row.createdAt = pod.createdAt;
  return row;
}

function zeroTotals(): ResourceTotals {
  return { requests: { cpuMilli: 0, memoryBytes: 0 }, limits: { cpuMilli: 0, memoryBytes: 0 } };
}

/** A fleet share with nothing in it. */
export function emptyFleet(): FleetShare {
  return { sidecars: zeroTotals(), mains: zeroTotals(), sidecarCount: 0, mainCount: 0 };
}

type Figures = { cpuMilli: number; memoryBytes: number };

function addFigures(a: Figures, b: Figures, sign: 1 | -1) {
  return { cpuMilli: a.cpuMilli + sign * b.cpuMilli, memoryBytes: a.memoryBytes + sign * b.memoryBytes };
}

function combineTotals(a: ResourceTotals, b: ResourceTotals, sign: 1 | -1): ResourceTotals {
  const totals: ResourceTotals = { requests: addFigures(a.requests, b.requests, sign), limits: addFigures(a.limits, b.limits, sign) };
  if (a.usage || b.usage) totals.usage = addFigures(a.usage ?? { cpuMilli: 0, memoryBytes: 0 }, b.usage ?? { cpuMilli: 0, memoryBytes: 0 }, sign);
  return totals;
}

function combine(a: FleetShare, b: FleetShare, sign: 1 | -1): FleetShare {
  return {
    sidecars: combineTotals(a.sidecars, b.sidecars, sign),
    mains: combineTotals(a.mains, b.mains, sign),
    sidecarCount: a.sidecarCount + sign * b.sidecarCount,
    mainCount: a.mainCount + sign * b.mainCount,
  };
}

/** `a + b`, field by field. */
export function addFleet(a: FleetShare, b: FleetShare): FleetShare {
  return combine(a, b, 1);
}

/** `a − b`, field by field: undoes {@link addFleet}. */
export function subtractFleet(a: FleetShare, b: FleetShare): FleetShare {
  return combine(a, b, -1);
}

function replaceFigures(total: Figures, before: Figures, after: Figures): Figures {
  return { cpuMilli: total.cpuMilli - before.cpuMilli + after.cpuMilli, memoryBytes: total.memoryBytes - before.memoryBytes + after.memoryBytes };
}

const ZERO: Figures = { cpuMilli: 0, memoryBytes: 0 };

function replaceTotals(total: ResourceTotals, before: ResourceTotals, after: ResourceTotals): ResourceTotals {
  const totals: ResourceTotals = {
    requests: replaceFigures(total.requests, before.requests, after.requests),
    limits: replaceFigures(total.limits, before.limits, after.limits),
  };
  if (total.usage || before.usage || after.usage) totals.usage = replaceFigures(total.usage ?? ZERO, before.usage ?? ZERO, after.usage ?? ZERO);
  return totals;
}

/**
 * `total − before + after`, field by field, in one pass: the same figures as
 * `addFleet(subtractFleet(total, before), after)` (the same operations in the same order), for a
 * share that changed in place (a pod's new sample).
 */
export function replaceInFleet(total: FleetShare, before: FleetShare, after: FleetShare): FleetShare {
  return {
    sidecars: replaceTotals(total.sidecars, before.sidecars, after.sidecars),
    mains: replaceTotals(total.mains, before.mains, after.mains),
    sidecarCount: total.sidecarCount - before.sidecarCount + after.sidecarCount,
    mainCount: total.mainCount - before.mainCount + after.mainCount,
  };
}

/**
 * One pod's share of the fleet: requests, limits and latest use of its sidecars (native and
 * legacy) and of its main containers. Plain init containers are left out: they do not run
 * alongside the app. A finished or deleted pod counts too; the server removes it when it goes.
 */
export function fleetOf(pod: { readonly containers: readonly PodDigest['containers'][number][] }, latest?: MetricsSample): FleetShare {
  const share = emptyFleet();
  for (const container of pod.containers) {
    if (container.kind === 'init') continue;
    const sidecar = isSidecarKind(container.kind);
    const totals = sidecar ? share.sidecars : share.mains;
    const { requests, limits } = container.resources;
    totals.requests = addFigures(totals.requests, { cpuMilli: requests.cpuMilli ?? 0, memoryBytes: requests.memoryBytes ?? 0 }, 1);
    totals.limits = addFigures(totals.limits, { cpuMilli: limits.cpuMilli ?? 0, memoryBytes: limits.memoryBytes ?? 0 }, 1);
    const usage = latest?.containers[container.name];
    if (usage) totals.usage = addFigures(totals.usage ?? { cpuMilli: 0, memoryBytes: 0 }, usage, 1);
    if (sidecar) share.sidecarCount += 1;
    else share.mainCount += 1;
  }
  return share;
}

/**
 * Milliseconds from the pod's start to the moment its last main container first ran: the time
 * the app waited on init containers and sidecars (and image pulls). The start is `pod.startTime`
 * when the pod is given, else its creation marker (which adds scheduling time). Undefined until
 * every main container has run.
 */
export function startupTaxMs(lifecycle: PodLifecycle, pod?: PodDigest): number | undefined {
  const lastMain = appStartAt(lifecycle.lanes);
  if (lastMain === undefined) return undefined;
  const podStart = pod?.startTime ?? pod?.createdAt ?? podStartFromMarkers(lifecycle);
  if (podStart === undefined) return undefined;
  return Math.max(lastMain - podStart, 0);
}

function podStartFromMarkers(lifecycle: PodLifecycle): number | undefined {
  const created = lifecycle.markers.find((marker) => marker.kind === 'created');
  if (created) return created.at.at;
  const starts = lifecycle.lanes.flatMap((lane) => (lane.segments[0] ? [lane.segments[0].from.at] : []));
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/** Nearest-rank percentiles (`percentiles([…], [50, 95])`); NaN for each when `values` is empty. */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return ps.map((p) => {
    if (sorted.length === 0) return Number.NaN;
    const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
    return sorted[Math.max(rank - 1, 0)] ?? Number.NaN;
  });
}

/** Per-container usage series with the container's requests and limits, samples in time order. */
export function toMetricsSeries(pod: PodDigest, samples: readonly MetricsSample[]): ContainerMetricsSeries[] {
  const ordered = [...samples].sort((a, b) => a.at - b.at);
  return pod.containers
    .filter((container) => ordered.some((sample) => sample.containers[container.name]))
    .map((container) => ({
      container: container.name,
      kind: container.kind,
      requests: { ...container.resources.requests },
      limits: { ...container.resources.limits },
      points: ordered.flatMap((sample) => {
        const usage = sample.containers[container.name];
        return usage ? [{ at: sample.at, cpuMilli: usage.cpuMilli, memoryBytes: usage.memoryBytes }] : [];
      }),
    }));
}
