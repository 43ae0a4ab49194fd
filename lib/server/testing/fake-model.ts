/**
 * A model port for hub tests: the real input side (`toPodDigest`, events, metrics samples) and a
 * small, transparent output side. Findings come from labels `finding.test/<id>: <severity>`, so a
 * test states the findings it expects; the hub's job (when to derive, how to count) is under test.
 */
import { toEventDigest } from '../../model/events';
import { toMetricsSample } from '../../model/metrics';
import { toPodDigest } from '../../model/digest';
import type { Finding, FindingId, PodDigest, Severity } from '../../model/types';
import type { FleetShare, PodRow, ResourceTotals } from '../../model/views';
import type { ModelPort } from '../model-port';

const SEVERITIES: ReadonlySet<string> = new Set(['critical', 'warning', 'info']);

function totals(): ResourceTotals {
  return { requests: { cpuMilli: 0, memoryBytes: 0 }, limits: { cpuMilli: 0, memoryBytes: 0 } };
}

/** An empty fleet share. */
export function zeroFleet(): FleetShare {
  return { sidecars: totals(), mains: totals(), sidecarCount: 0, mainCount: 0 };
}

function combine(a: FleetShare, b: FleetShare, sign: 1 | -1): FleetShare {
  const sum = (x: ResourceTotals, y: ResourceTotals): ResourceTotals => ({
    requests: { cpuMilli: x.requests.cpuMilli + sign * y.requests.cpuMilli, memoryBytes: x.requests.memoryBytes + sign * y.requests.memoryBytes },
    limits: { cpuMilli: x.limits.cpuMilli + sign * y.limits.cpuMilli, memoryBytes: x.limits.memoryBytes + sign * y.limits.memoryBytes },
  });
  return { sidecars: sum(a.sidecars, b.sidecars), mains: sum(a.mains, b.mains), sidecarCount: a.sidecarCount + sign * b.sidecarCount, mainCount: a.mainCount + sign * b.mainCount };
}

function findingsOf(pod: PodDigest): Finding[] {
  return Object.entries(pod.labels)
    .filter(([key, value]) => key.startsWith('finding.test/') && SEVERITIES.has(value))
    .map(([key, value]) => ({
      id: key.slice('finding.test/'.length) as FindingId,
      severity: value as Severity,
      namespace: pod.namespace,
      pod: pod.name,
      podUid: pod.uid,
      container: pod.containers[0]?.name,
      message: key,
      explanation: '',
      evidence: [],
      fix: '',
    }));
}

function rowOf(pod: PodDigest, findings: Finding[]): PodRow {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    workload: pod.workload,
    node: pod.nodeName,
    phase: pod.phase,
    status: pod.phase,
    ready: '0/0',
    restarts: Object.values(pod.statuses).reduce((n, s) => n + s.restartCount, 0),
    createdAt: pod.createdAt,
    deleted: false,
    containers: pod.containers.map((c) => ({ name: c.name, kind: c.kind, signal: c.signal })),
    findings: { critical: count('critical'), warning: count('warning'), info: count('info') },
    findingIds: findings.map((f) => f.id),
  };
}

/** Counts calls, so tests can check that only changed pods are derived. */
export const derivations = { count: 0, usageRefreshes: 0 };

export const fakeModel: ModelPort = {
  toPodDigest,
  toEventDigest,
  toMetricsSample,
  observePod: (prev, before, after, at) => ({
    transitions: [...(prev?.transitions ?? []), ...(before?.phase !== after.phase ? [{ kind: 'phase' as const, at, detail: after.phase }] : [])],
    terminations: prev?.terminations ?? [],
    firstSeenAt: prev?.firstSeenAt ?? at,
    lastSeenAt: at,
  }),
  observeDeletion: (prev, at) => ({ transitions: [...(prev?.transitions ?? []), { kind: 'deleted', at }], terminations: prev?.terminations ?? [], firstSeenAt: prev?.firstSeenAt, lastSeenAt: at }),
  deriveLifecycle: ({ pod }) => {
    derivations.count += 1;
    return { uid: pod.uid, namespace: pod.namespace, name: pod.name, lanes: [], markers: [], startupOrder: [] };
  },
  detectFindings: ({ pod }) => findingsOf(pod),
  refreshUsageFindings: (_previous, { pod }) => {
    derivations.usageRefreshes += 1;
    return findingsOf(pod);
  },
  toPodRow: rowOf,
  fleetOf: (pod) => {
    const fleet = zeroFleet();
    for (const c of pod.containers) {
      const side = c.kind === 'native-sidecar' || c.kind === 'legacy-sidecar' ? fleet.sidecars : fleet.mains;
      side.requests.cpuMilli += c.resources.requests.cpuMilli ?? 0;
      side.requests.memoryBytes += c.resources.requests.memoryBytes ?? 0;
      if (side === fleet.sidecars) fleet.sidecarCount += 1;
      else fleet.mainCount += 1;
    }
    return fleet;
  },
  addFleet: (a, b) => combine(a, b, 1),
  subtractFleet: (a, b) => combine(a, b, -1),
  startupTaxMs: () => undefined,
  percentiles: (values, ps) => {
    const sorted = [...values].sort((a, b) => a - b);
    return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
  },
  toMetricsSeries: (pod, samples) =>
    pod.containers.map((c) => ({
      container: c.name,
      kind: c.kind,
      requests: c.resources.requests,
      limits: c.resources.limits,
      points: samples.flatMap((s) => {
        const v = s.containers[c.name];
        return v ? [{ at: s.at, ...v }] : [];
      }),
    })),
};
