/**
 * The `lib/model` functions the hub calls, as one interface. The live hub is built with the real
 * module ({@link ./default-model}); hub tests pass a small fake, so they exercise the hub's own
 * bookkeeping (incrementality, bounds, fan-out) without depending on every finding rule.
 */
import type {
  EventDigest,
  Finding,
  MetricsSample,
  PodAnalysisInput,
  PodDigest,
  PodLifecycle,
  PodObservations,
  WatchGap,
} from '../model/types';
import type { ContainerMetricsSeries, FleetShare, PodRow } from '../model/views';

export interface ModelPort {
  toPodDigest(raw: unknown): PodDigest | undefined;
  toEventDigest(raw: unknown): EventDigest | undefined;
  toMetricsSample(raw: unknown): { namespace: string; name: string; sample: MetricsSample } | undefined;
  observePod(prev: PodObservations | undefined, before: PodDigest | undefined, after: PodDigest, observedAt: number): PodObservations;
  observeDeletion(prev: PodObservations | undefined, at: number): PodObservations;
  deriveLifecycle(input: { pod: PodDigest; observations?: PodObservations; events?: EventDigest[]; now: number; gaps?: readonly WatchGap[] }): PodLifecycle;
  detectFindings(input: PodAnalysisInput): Finding[];
  /** `previous` with the findings that read metrics judged again: for a new sample alone. */
  refreshUsageFindings(previous: readonly Finding[], input: PodAnalysisInput): Finding[];
  toPodRow(pod: PodDigest, findings: Finding[]): PodRow;
  fleetOf(pod: PodDigest, latestSample?: MetricsSample): FleetShare;
  addFleet(a: FleetShare, b: FleetShare): FleetShare;
  subtractFleet(a: FleetShare, b: FleetShare): FleetShare;
  startupTaxMs(lifecycle: PodLifecycle, pod?: PodDigest): number | undefined;
  percentiles(values: number[], ps: number[]): number[];
  toMetricsSeries(pod: PodDigest, samples: MetricsSample[]): ContainerMetricsSeries[];
}
