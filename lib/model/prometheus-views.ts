/**
 * The payloads the Prometheus source adds to the API: a pod's history from Prometheus
 * (`GET /api/pods/{namespace}/{name}/prometheus`) and sidecar right-sizing (`GET /api/right-sizing`).
 * Schemas first, types inferred; built by `lib/prometheus/pod-view.ts` and `right-sizing.ts`.
 */
import { z } from 'zod';
import { containerKindSchema } from './types';

const figuresSchema = z.object({ cpuMilli: z.number().optional(), memoryBytes: z.number().optional() });

export const timePointSchema = z.object({ at: z.number(), value: z.number() });
export type TimePoint = z.infer<typeof timePointSchema>;

/** `count`: how many events since the previous point. */
export const counterMarkerSchema = z.object({ at: z.number(), count: z.number() });
export type CounterMarker = z.infer<typeof counterMarkerSchema>;

export const prometheusContainerSeriesSchema = z.object({
  container: z.string(),
  cpu: z.array(timePointSchema),
  memory: z.array(timePointSchema),
  /** Throttled share (0–1) per step; `null` when cAdvisor has no CFS series (no CPU limit): unknown, not zero. */
  throttled: z.array(timePointSchema).nullable(),
  oomEvents: z.array(counterMarkerSchema),
  restarts: z.array(counterMarkerSchema),
  requests: figuresSchema,
  limits: figuresSchema,
});
export type PrometheusContainerSeries = z.infer<typeof prometheusContainerSeriesSchema>;

export const podPrometheusViewSchema = z.object({
  /** `prometheus` when these series came from it; otherwise the page keeps the metrics-server charts. */
  source: z.enum(['prometheus', 'metrics-server']),
  /** Why Prometheus was not used (not configured, unreachable, 401, query error, no series). */
  reason: z.string().optional(),
  from: z.number(),
  to: z.number(),
  stepSeconds: z.number(),
  containers: z.array(prometheusContainerSeriesSchema),
});
export type PodPrometheusView = z.infer<typeof podPrometheusViewSchema>;

export const sidecarSizingSchema = z.object({
  namespace: z.string(),
  workload: z.object({ kind: z.string(), name: z.string() }),
  container: z.string(),
  kind: containerKindSchema,
  /** Live pods of the workload with this sidecar. */
  pods: z.number(),
  requests: figuresSchema,
  /** The highest per-pod p95 of CPU over the window (millicores). */
  p95CpuMilli: z.number().optional(),
  /** The highest working set over the window (bytes). */
  peakMemoryBytes: z.number().optional(),
  suggested: figuresSchema,
  /** (request − suggestion) × pods; negative: the requests are too low. */
  fleetDelta: z.object({ cpuMilli: z.number(), memoryBytes: z.number() }),
  /** Pod-template annotations of the sidecar's injector, when it reads requests from them. */
  annotations: z.record(z.string(), z.string()).optional(),
});
export type SidecarSizing = z.infer<typeof sidecarSizingSchema>;

export const rightSizingReportSchema = z.object({
  windowSeconds: z.number(),
  rows: z.array(sidecarSizingSchema),
  /** Sum of the positive deltas: what lowering over-sized requests would free. */
  fleetSavings: z.object({ cpuMilli: z.number(), memoryBytes: z.number() }),
  /** Why there is no report at all: no Prometheus is configured (the overview then shows nothing). */
  unavailable: z.string().optional(),
});
export type RightSizingReport = z.infer<typeof rightSizingReportSchema>;
