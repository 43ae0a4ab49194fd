/**
 * What `/metrics` exports beyond the hub's health and the finding gauges: startup durations as
 * Prometheus histograms, and the state of the optional Prometheus source.
 *
 * Histograms, observed once per pod and container as soon as the duration is known (a pod is
 * looked at until it is settled or 10 minutes old, at most 5,000 pods a scrape):
 * - `sidecarscope_container_started_seconds`: container first running → started (startupProbe passed);
 * - `sidecarscope_container_ready_seconds`: container first running → ready;
 * - `sidecarscope_pod_startup_tax_seconds`: pod start → its last main container first running.
 * Labels: `namespace`, `workload` (the owning Deployment/StatefulSet/Job/… name, never a pod name or
 * uid), `container`, `kind` (`native`, `legacy`, `init`, `main`). Cardinality is bounded by the
 * workload templates, not by pods, and hard-capped at {@link MAX_LABEL_SETS} label sets per
 * histogram: observations beyond go to `sidecarscope_startup_observations_dropped_total`.
 */
import 'server-only';
import type { ContainerKind, Lane } from '../model/types';
import type { Hub } from './hub';
import { deriveLifecycle } from '../model/lifecycle';
import type { PodEntry } from './pod-entry';
import { escapeLabel } from './prometheus';
import type { PrometheusSource } from './prometheus-source';

export const STARTUP_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300] as const;
export const MAX_LABEL_SETS = 5_000;
/** Lifecycles derived per scrape for newly seen pods (the rest wait for the next scrape). */
const NEW_PODS_PER_SCRAPE = 5_000;

const KIND: Readonly<Record<ContainerKind, string>> = { 'native-sidecar': 'native', 'legacy-sidecar': 'legacy', init: 'init', main: 'main' };

class Histogram {
  readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  dropped = 0;

  observe(labels: string, seconds: number): void {
    let s = this.series.get(labels);
    if (!s) {
      if (this.series.size >= MAX_LABEL_SETS) {
        this.dropped += 1;
        return;
      }
      this.series.set(labels, (s = { counts: STARTUP_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    }
    STARTUP_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += seconds;
    s.count += 1;
  }

  render(lines: string[], name: string, help: string): void {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    for (const [labels, s] of this.series) {
      STARTUP_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{${labels},le="${bound}"} ${s.counts[i] ?? 0}`));
      lines.push(`${name}_bucket{${labels},le="+Inf"} ${s.count}`, `${name}_sum{${labels}} ${s.sum}`, `${name}_count{${labels}} ${s.count}`);
    }
  }
}

interface ExportState {
  started: Histogram;
  ready: Histogram;
  tax: Histogram;
  /** Per pod uid: what was already observed (`started:container`, `ready:container`, `tax`). */
  seen: Map<string, Set<string>>;
}

const states = new WeakMap<Hub, ExportState>();

function stateOf(hub: Hub): ExportState {
  let state = states.get(hub);
  if (!state) states.set(hub, (state = { started: new Histogram(), ready: new Histogram(), tax: new Histogram(), seen: new Map() }));
  return state;
}

const podLabels = (entry: Readonly<PodEntry>) => `namespace="${escapeLabel(entry.namespace)}",workload="${escapeLabel(entry.workload.name)}"`;

function observeLane(state: ExportState, seen: Set<string>, base: string, lane: Lane): void {
  const from = lane.firstRunningAt?.at;
  if (from === undefined) return;
  const labels = `${base},container="${escapeLabel(lane.container)}",kind="${KIND[lane.kind]}"`;
  if (lane.startedAt && !seen.has(`started:${lane.container}`)) {
    seen.add(`started:${lane.container}`);
    state.started.observe(labels, Math.max(0, lane.startedAt.at - from) / 1000);
  }
  if (lane.readyAt && !seen.has(`ready:${lane.container}`)) {
    seen.add(`ready:${lane.container}`);
    state.ready.observe(labels, Math.max(0, lane.readyAt.at - from) / 1000);
  }
}

/** A pod stops being looked at once its startup tax is known and every lane is ready, or after this long. */
const OBSERVE_FOR_MS = 10 * 60_000;

/** Observes what became known since the last scrape. */
function observe(hub: Hub, state: ExportState): void {
  for (const uid of state.seen.keys()) if (!hub.pod(uid)) state.seen.delete(uid);
  let budget = NEW_PODS_PER_SCRAPE;
  const now = hub.options.now();
  for (const entry of hub.livePods()) {
    if (budget <= 0) break;
    const { uid } = entry;
    const seen = state.seen.get(uid) ?? new Set<string>();
    if (!entry.derived || seen.has('done')) continue;
    budget -= 1;
    state.seen.set(uid, seen);
    const base = podLabels(entry);
    const pod = entry.digest;
    const lifecycle = deriveLifecycle({ pod, observations: entry.observations, events: hub.eventsOf(entry.key, entry.uid), now });
    for (const lane of lifecycle.lanes) observeLane(state, seen, base, lane);
    if (entry.derived.startupTaxMs !== undefined && !seen.has('tax')) {
      seen.add('tax');
      state.tax.observe(base, entry.derived.startupTaxMs / 1000);
    }
    const start = pod.startTime ?? pod.createdAt ?? now;
    const settled = seen.has('tax') && lifecycle.lanes.every((lane) => lane.kind === 'init' || lane.readyAt !== undefined);
    if (settled || now - start > OBSERVE_FOR_MS) seen.add('done');
  }
}

/** The export series in the exposition format (appended to the hub's). */
export function renderExportMetrics(hub: Hub, source: PrometheusSource | undefined): string {
  const state = stateOf(hub);
  observe(hub, state);
  const lines: string[] = [];
  state.started.render(
    lines,
    'sidecarscope_container_started_seconds',
    'Seconds from a container first running to started (startupProbe passed), per workload and container.',
  );
  state.ready.render(lines, 'sidecarscope_container_ready_seconds', 'Seconds from a container first running to ready, per workload and container.');
  state.tax.render(
    lines,
    'sidecarscope_pod_startup_tax_seconds',
    'Seconds from pod start to its last main container first running (time spent on init containers and sidecars), per workload.',
  );
  const dropped = state.started.dropped + state.ready.dropped + state.tax.dropped;
  lines.push(
    '# HELP sidecarscope_startup_observations_dropped_total Startup observations left out by the label-set cap.',
    '# TYPE sidecarscope_startup_observations_dropped_total counter',
    `sidecarscope_startup_observations_dropped_total ${dropped}`,
  );
  lines.push(
    '# HELP sidecarscope_prometheus_source_up 1 while the configured Prometheus answers with cAdvisor series; 0 in fallback to metrics-server; absent without one.',
    '# TYPE sidecarscope_prometheus_source_up gauge',
  );
  if (source) {
    lines.push(`sidecarscope_prometheus_source_up ${source.status.state === 'ok' ? 1 : 0}`);
    lines.push('# HELP sidecarscope_prometheus_queries_total Queries sent to Prometheus, by outcome.', '# TYPE sidecarscope_prometheus_queries_total counter');
    for (const [outcome, n] of source.client.counts) lines.push(`sidecarscope_prometheus_queries_total{outcome="${escapeLabel(outcome)}"} ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
