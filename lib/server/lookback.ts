/**
 * The cluster as it was at a moment, rebuilt from the history store by the same pure code that
 * builds the present: each pod's version at that moment, its observations cut to it, the events
 * and samples seen by then, and the findings that were open then (as they were recorded, not
 * judged again). A moment inside a gap says so in the status instead of inventing a state.
 */
import { effectivePodRequests } from '../model/resources';
import 'server-only';
import type { FindingSpan, HistoryStore, StoredPod, StoredSample } from '../history/types';
import type { FindingsTimeline } from '../model/history-views';
import type { Finding, MetricsSample, WatchGap } from '../model/types';
import type { ClusterSummary, HistoryView, PodDetail, PodRow, StreamStatus } from '../model/views';
import { SummaryTotals } from './summary-totals';
import { fleetOf, toMetricsSeries, toPodRow } from '../model/derive-views';
import { deriveLifecycle } from '../model/lifecycle';

export interface LookbackContext {
  store: HistoryStore;
  cluster: ClusterSummary['cluster'];
  history: HistoryView;
}

function findingsByPod(spans: readonly FindingSpan[]): Map<string, Finding[]> {
  const byPod = new Map<string, Finding[]>();
  for (const span of spans) {
    const list = byPod.get(span.uid) ?? [];
    list.push(span.finding);
    byPod.set(span.uid, list);
  }
  return byPod;
}

function rowOf(pod: StoredPod, findings: Finding[]): PodRow {
  const row = toPodRow(pod.digest, findings);
  return pod.deletedAt === undefined ? row : { ...row, deleted: true };
}

/** The gap containing `at`, if nothing watched then. */
function gapAt(gaps: readonly WatchGap[], at: number): WatchGap | undefined {
  return gaps.find((g) => g.from <= at && at < g.to);
}

function statusAt(gaps: readonly WatchGap[], at: number): StreamStatus {
  const gap = gapAt(gaps, at);
  if (!gap) return { state: 'connected', since: at };
  return { state: 'stale', since: gap.from, reason: 'Nothing watched the cluster at this moment; shown as last seen before it.' };
}

/** The last few moments' rows per store: the pods list fetches several pages of one moment. */
const rowsCache = new WeakMap<HistoryStore, Map<number, PodRow[]>>();
const ROWS_CACHED = 4;
/** A moment this recent may still gain writes (a batch is written every second): not cached. */
const SETTLED_MS = 60_000;

/**
 * The rows of every pod that existed at `at`. A settled moment's rows are cached (four moments
 * per store), so paging through a past list reads the store once.
 */
export async function rowsAt(ctx: LookbackContext, at: number, now = Number.POSITIVE_INFINITY): Promise<PodRow[]> {
  const cache = rowsCache.get(ctx.store) ?? new Map<number, PodRow[]>();
  rowsCache.set(ctx.store, cache);
  const hit = cache.get(at);
  if (hit) return hit;
  const [pods, spans] = await Promise.all([ctx.store.podsAt(at), ctx.store.findingsBetween(at, at)]);
  const findings = findingsByPod(spans);
  const rows = pods.map((pod) => rowOf(pod, findings.get(pod.digest.uid) ?? []));
  if (at < now - SETTLED_MS) {
    cache.set(at, rows);
    for (const key of cache.keys()) if (cache.size > ROWS_CACHED) cache.delete(key);
  }
  return rows;
}

/** The cluster summary as it was at `at`. Usage shares and startup taxes need samples and lifecycles: left out. */
export async function summaryAt(ctx: LookbackContext, at: number): Promise<ClusterSummary> {
  const [pods, spans, gaps] = await Promise.all([ctx.store.podsAt(at), ctx.store.findingsBetween(at, at), ctx.store.gaps(at, at)]);
  const findings = findingsByPod(spans);
  const totals = new SummaryTotals();
  for (const pod of pods) {
    const d = pod.digest;
    totals.add({ uid: d.uid, namespace: d.namespace, phase: d.phase, workload: d.workload, findings: findings.get(d.uid) ?? [], fleet: fleetOf(d) });
  }
  return {
    at,
    status: statusAt(gaps, at),
    cluster: ctx.cluster,
    metrics: { available: false, reason: 'Usage is not part of a past summary; open a pod for its samples.' },
    pods: { total: totals.total, byPhase: Object.fromEntries(totals.byPhase), namespaces: totals.byNamespace.size },
    findings: { bySeverity: { ...totals.bySeverity }, byId: Object.fromEntries(totals.byId) },
    fleet: totals.fleet,
    workloads: totals.workloadSummaries(),
    troubled: totals.troubledFindings(),
    history: ctx.history,
  };
}

/** Raw samples where there are some, 5-minute buckets before them. */
function toSamples(stored: readonly StoredSample[]): MetricsSample[] {
  const firstRaw = stored.find((s) => s.resolutionMs === 0)?.at ?? Number.POSITIVE_INFINITY;
  return stored.filter((s) => s.resolutionMs === 0 || s.at < firstRaw).map((s) => ({ at: s.at, containers: s.containers }));
}

/**
 * One pod's page as of `at`: by `uid`, else the pod of that name that existed then (or the last
 * one before). A pod deleted days ago opens this way.
 */
export async function detailAt(ctx: LookbackContext, namespace: string, name: string, at: number, uid?: string): Promise<PodDetail | undefined> {
  const id = uid ?? (await ctx.store.uidOf(namespace, name, at));
  if (id === undefined) return undefined;
  const pod = await ctx.store.podAt(id, at);
  if (!pod || pod.digest.namespace !== namespace || pod.digest.name !== name) return undefined;
  const [events, samples, spans, gaps] = await Promise.all([
    ctx.store.events(namespace, name, at),
    ctx.store.samples(id, pod.firstSeen, at),
    ctx.store.findingsBetween(at, at, { uid: id }),
    ctx.store.gaps(pod.firstSeen, at),
  ]);
  const own = events.filter((e) => e.podUid === undefined || e.podUid === id);
  const findings = spans.map((s) => s.finding);
  return {
    digest: pod.digest,
    row: rowOf(pod, findings),
    lifecycle: deriveLifecycle({ pod: pod.digest, observations: pod.observations, events: own, now: pod.deletedAt ?? at, gaps }),
    findings,
    events: own,
    metrics: toMetricsSeries(pod.digest, toSamples(samples)),
    effectiveRequests: effectivePodRequests(pod.digest),
  };
}

/** When each finding was raised and cleared within [from, to], cluster-wide or for one namespace or workload. */
export async function findingsTimeline(
  ctx: LookbackContext,
  query: { from: number; to: number; namespace?: string; workload?: { kind: string; name: string }; limit: number },
): Promise<FindingsTimeline> {
  const [spans, gaps] = await Promise.all([
    ctx.store.findingsBetween(query.from, query.to, { namespace: query.namespace, workload: query.workload }),
    ctx.store.gaps(query.from, query.to),
  ]);
  return {
    from: query.from,
    to: query.to,
    spans: spans.slice(0, query.limit).map((s) => ({
      uid: s.uid,
      namespace: s.namespace,
      pod: s.pod,
      workload: s.workload,
      id: s.finding.id,
      severity: s.finding.severity,
      ...(s.finding.container ? { container: s.finding.container } : {}),
      message: s.finding.message,
      raisedAt: s.raisedAt,
      ...(s.clearedAt === undefined ? {} : { clearedAt: s.clearedAt }),
    })),
    gaps,
    truncated: spans.length > query.limit,
  };
}
