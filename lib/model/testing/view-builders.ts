/**
 * View models for tests of what consumes them (the stream batcher, the live indicator): built by
 * the real model from a digest, so they always satisfy the schemas of lib/model/views.ts.
 */
import { emptyFleet, toMetricsSeries, toPodRow } from '../derive-views';
import { detectFindings } from '../findings';
import { deriveLifecycle } from '../lifecycle';
import { effectivePodRequests } from '../resources';
import type { PodDigest } from '../types';
import type { ClusterSummary, PodDetail, PodRow } from '../views';
import { aDigest } from './pod-builder';

/** A summary of an empty, connected demo cluster, with `over` applied. */
export function aSummary(over: Partial<ClusterSummary> = {}): ClusterSummary {
  return {
    at: 0,
    status: { state: 'connected', since: 0 },
    cluster: { name: 'test', mode: 'demo' },
    metrics: { available: true },
    pods: { total: 0, byPhase: {}, namespaces: 0 },
    findings: { bySeverity: { critical: 0, warning: 0, info: 0 }, byId: {} },
    fleet: emptyFleet(),
    workloads: [],
    troubled: [],
    ...over,
  };
}

/** The row of `pod` (default: a one-container pod) with the findings the model finds at `now`. */
export function aPodRow(pod: PodDigest = aDigest(), now = 0): PodRow {
  return toPodRow(pod, detectFindings({ pod, now }));
}

/** The detail the server would send for `pod` (default: a one-container pod) at `now`. */
export function aPodDetail(pod: PodDigest = aDigest(), now = 0): PodDetail {
  const findings = detectFindings({ pod, now });
  return {
    digest: pod,
    row: toPodRow(pod, findings),
    lifecycle: deriveLifecycle({ pod, now }),
    findings,
    events: [],
    metrics: toMetricsSeries(pod, []),
    effectiveRequests: effectivePodRequests(pod),
  };
}
