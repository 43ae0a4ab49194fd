/**
 * One pod's history from Prometheus, shaped for the pod page: per container CPU (millicores),
 * memory (bytes), the throttled share of CFS periods, OOM events and restarts as markers, and the
 * requests and limits kube-state-metrics reports (both `kube_pod_container_*` and
 * `kube_pod_init_container_*`, so native sidecars have theirs). Pure; the browser imports the types.
 */
import type { PodLifecycle } from '../model/types';
import type { CounterMarker, PodPrometheusView, PrometheusContainerSeries, TimePoint } from '../model/prometheus-views';
import type { InstantSample, RangeSeries } from './reply';

export type { CounterMarker, PodPrometheusView, PrometheusContainerSeries, TimePoint } from '../model/prometheus-views';

export interface PodRangeResults {
  cpu: RangeSeries[];
  memory: RangeSeries[];
  throttled: RangeSeries[];
  oomEvents: RangeSeries[];
  restarts: RangeSeries[];
  resources: InstantSample[];
}

/** Points where a counter rose (a reset counts its new value), as markers. */
export function counterMarkers(points: readonly TimePoint[]): CounterMarker[] {
  const markers: CounterMarker[] = [];
  let previous: number | undefined;
  for (const point of points) {
    if (!Number.isFinite(point.value)) continue;
    const rise = previous === undefined ? 0 : point.value >= previous ? point.value - previous : point.value;
    if (rise >= 0.5) markers.push({ at: point.at, count: Math.round(rise) });
    previous = point.value;
  }
  return markers;
}

function byContainer(series: readonly RangeSeries[]): Map<string, TimePoint[]> {
  const out = new Map<string, TimePoint[]>();
  for (const s of series) {
    const name = s.labels.container;
    if (name)
      out.set(
        name,
        s.points.filter((p) => Number.isFinite(p.value)),
      );
  }
  return out;
}

function resourcesOf(samples: readonly InstantSample[], container: string): Pick<PrometheusContainerSeries, 'requests' | 'limits'> {
  const requests: PrometheusContainerSeries['requests'] = {};
  const limits: PrometheusContainerSeries['limits'] = {};
  for (const s of samples) {
    if (s.labels.container !== container || !Number.isFinite(s.value)) continue;
    const target = (s.labels.__name__ ?? '').endsWith('_limits') ? limits : requests;
    if (s.labels.resource === 'cpu') target.cpuMilli = Math.round(s.value * 1000);
    if (s.labels.resource === 'memory') target.memoryBytes = s.value;
  }
  return { requests, limits };
}

/** The pod page's view from the range results; containers in `order` first (declaration order). */
export function toPodPrometheusView(
  results: PodRangeResults,
  window: { from: number; to: number; stepSeconds: number },
  order: readonly string[],
): PodPrometheusView {
  const cpu = byContainer(results.cpu);
  const memory = byContainer(results.memory);
  const throttled = byContainer(results.throttled);
  const oom = byContainer(results.oomEvents);
  const restarts = byContainer(results.restarts);
  const names = [...new Set([...order, ...cpu.keys(), ...memory.keys()])].filter((name) => cpu.has(name) || memory.has(name) || oom.has(name));
  return {
    source: 'prometheus',
    ...window,
    containers: names.map((container) => ({
      container,
      cpu: (cpu.get(container) ?? []).map((p) => ({ at: p.at, value: p.value * 1000 })),
      memory: memory.get(container) ?? [],
      throttled: throttled.get(container) ?? null,
      oomEvents: counterMarkers(oom.get(container) ?? []),
      restarts: counterMarkers(restarts.get(container) ?? []),
      ...resourcesOf(results.resources, container),
    })),
  };
}

/** A step that keeps a chart from `from` to `to` under `maxPoints` (Prometheus caps a range query at 11,000). */
export function stepFor(from: number, to: number, minStepSeconds: number, maxPoints = 240): number {
  return Math.max(minStepSeconds, Math.ceil((to - from) / 1000 / maxPoints));
}

/**
 * The lifecycle with Prometheus' OOM events as `oom-event` markers on their containers' lanes
 * (time resolution: the query step). Unchanged when the view is not from Prometheus.
 */
export function withOomEventMarkers(lifecycle: PodLifecycle, view: PodPrometheusView | undefined): PodLifecycle {
  if (view?.source !== 'prometheus') return lifecycle;
  const events = new Map(view.containers.filter((c) => c.oomEvents.length > 0).map((c) => [c.container, c.oomEvents]));
  if (events.size === 0) return lifecycle;
  const resolutionMs = view.stepSeconds * 1000;
  return {
    ...lifecycle,
    lanes: lifecycle.lanes.map((lane) => {
      const oom = events.get(lane.container);
      if (!oom) return lane;
      const markers = oom.map((m) => ({
        kind: 'oom-event' as const,
        at: { at: m.at, source: 'reported' as const, resolutionMs },
        label: m.count > 1 ? `${m.count} OOM kills (Prometheus)` : 'OOM kill (Prometheus)',
        detail: 'container_oom_events_total rose: a process in the container was OOM-killed',
      }));
      return { ...lane, markers: [...lane.markers, ...markers].sort((a, b) => a.at.at - b.at.at) };
    }),
  };
}
