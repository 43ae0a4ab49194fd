/**
 * Read models served by the API, computed from the hub's state: the cluster summary, one pod's
 * detail, and the facets for filters. Each read flushes first, so it sees every applied event.
 */
import 'server-only';
import type { ClusterSummary, Facets, PodDetail, SummaryHead } from '../model/views';
import { hasNativeSidecars } from '../model/classify';
import { toMetricsSeries } from '../model/derive-views';
import { deriveLifecycle } from '../model/lifecycle';
import { effectivePodRequests } from '../model/resources';
import type { Hub } from './hub';
import type { PodEntry } from './pod-entry';

/** The cluster summary as of now. */
export function summaryOf(hub: Hub): ClusterSummary {
  const t = hub.totals;
  return { ...summaryHeadOf(hub), workloads: t.workloadSummaries(), troubled: t.troubledFindings() };
}

/** The summary's head (no workload or troubled lists): what the stream carries. */
export function summaryHeadOf(hub: Hub): SummaryHead {
  hub.flush();
  const now = hub.options.now();
  const t = hub.totals;
  const missing = hub.status.missingPermissions();
  return {
    at: now,
    status: hub.status.current(now),
    cluster: { ...hub.options.cluster, version: hub.version?.gitVersion, nativeSidecars: hub.version ? hasNativeSidecars(hub.version) : undefined },
    metrics: { ...hub.metrics },
    pods: { total: t.total, byPhase: Object.fromEntries(t.byPhase), namespaces: t.byNamespace.size },
    findings: { bySeverity: { ...t.bySeverity }, byId: Object.fromEntries(t.byId) },
    fleet: t.fleet,
    ...(missing.length > 0 ? { permissions: { missing } } : {}),
    ...(hub.history ? { history: { ...hub.history } } : {}),
  };
}

function findEntry(hub: Hub, namespace: string, name: string, uid?: string): Readonly<PodEntry> | undefined {
  const key = `${namespace}/${name}`;
  if (uid === undefined) return hub.podByKey(key);
  const entry = hub.pod(uid);
  return entry?.key === key ? entry : undefined;
}

/** One pod's detail: the live pod by that name, else its latest deleted incarnation, or `uid`'s. */
export function detailOf(hub: Hub, namespace: string, name: string, uid?: string): PodDetail | undefined {
  hub.flush();
  const entry = findEntry(hub, namespace, name, uid);
  return entry ? detailOfEntry(hub, entry) : undefined;
}

/** The detail of a tracked entry, or undefined before its first derivation. */
export function detailOfEntry(hub: Hub, entry: Readonly<PodEntry>): PodDetail | undefined {
  const derived = entry.derived;
  if (!derived) return undefined;
  const events = hub.eventsOf(entry.key, entry.uid);
  const { now } = hub.options;
  const digest = entry.digest;
  return {
    digest,
    row: derived.row,
    lifecycle: deriveLifecycle({ pod: digest, observations: entry.observations, events, now: now(), gaps: hub.gaps }),
    findings: derived.findings,
    events,
    metrics: toMetricsSeries(digest, entry.samples),
    effectiveRequests: effectivePodRequests(digest),
  };
}

/** Namespaces and workloads of live pods, sorted, for the filter controls. */
export function facetsOf(hub: Hub): Facets {
  hub.flush();
  const namespaces = [...hub.totals.byNamespace.keys()].sort();
  const workloads = hub.totals
    .workloadRefs()
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { namespaces, workloads };
}
