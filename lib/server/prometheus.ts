/**
 * `/metrics` in the Prometheus text format: the hub's own health, and every live finding as a
 * gauge, so teams can alert on e.g. a crash-looping native sidecar, which kubernetes-mixin's
 * `KubePodCrashLooping` (reading only `kube_pod_container_*`) never sees. Per-finding series are
 * capped; `sidecarscope_findings_dropped_total` counts what the cap cut.
 */
import 'server-only';
import type { Hub } from './hub';

/** Escapes a label value per the exposition format. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string | undefined>): string {
  const parts = Object.entries(pairs)
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function metric(lines: string[], name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string | undefined>, number][]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [l, v] of samples) lines.push(`${name}${labels(l)} ${Number.isFinite(v) ? v : 0}`);
}

export interface PrometheusState {
  /** Total series cut by the cap, across scrapes. */
  findingsDropped: number;
}

/** What `/metrics` says about the history store. */
export interface HistoryMetrics {
  bytes: number;
  paused: boolean;
  reason?: string;
  counters: { writes: number; errors: number; records: number; droppedRecords: number; lagSeconds: number; lastWriteMs: number };
}

function historyMetrics(lines: string[], h: HistoryMetrics): void {
  metric(lines, 'sidecarscope_history_bytes', 'gauge', 'Bytes the history store uses on disk (database pages in use plus the WAL).', [[{}, h.bytes]]);
  metric(lines, 'sidecarscope_history_paused', 'gauge', '1 while history writes fail or fell behind (the live view goes on); the reason is a label.', [
    [{ reason: h.paused ? h.reason : undefined }, h.paused ? 1 : 0],
  ]);
  metric(lines, 'sidecarscope_history_write_lag_seconds', 'gauge', 'Age of the oldest record of the last written batch when it reached the disk.', [
    [{}, h.counters.lagSeconds],
  ]);
  metric(
    lines,
    'sidecarscope_history_write_seconds',
    'gauge',
    'How long the last batch held the event loop (the SQLite store writes in a worker thread: the hand-over).',
    [[{}, h.counters.lastWriteMs / 1000]],
  );
  metric(lines, 'sidecarscope_history_write_errors_total', 'counter', 'Failed history writes (each retried).', [[{}, h.counters.errors]]);
  metric(lines, 'sidecarscope_history_records_written_total', 'counter', 'Records written to the history store.', [[{}, h.counters.records]]);
  metric(
    lines,
    'sidecarscope_history_records_dropped_total',
    'counter',
    'Records dropped past the buffer bound while writes failed or fell behind (recorded as a gap).',
    [[{}, h.counters.droppedRecords]],
  );
}

/** Renders the exposition text; `cap` bounds the per-finding series. */
export function renderMetrics(hub: Hub, streamClients: number, state: PrometheusState, cap = 2000, history?: HistoryMetrics): string {
  hub.flush();
  const lines: string[] = [];
  const restarts = [...hub.counters.watchRestarts].map(([resource, n]): [Record<string, string>, number] => [{ resource }, n]);
  metric(lines, 'sidecarscope_watch_restarts_total', 'counter', 'Abnormal list/watch restarts (410, errors, silent watches).', restarts);
  const perResource = (counts: Map<string, number>) => [...counts].map(([resource, n]): [Record<string, string>, number] => [{ resource }, n]);
  metric(
    lines,
    'sidecarscope_watch_silent_relists_total',
    'counter',
    'Relists after a watch sent nothing, not even a bookmark, past the silence period.',
    perResource(hub.counters.silentRelists),
  );
  metric(
    lines,
    'sidecarscope_watch_undelivered_changes_total',
    'counter',
    'Objects a relist found changed that the watch never delivered (a proxy buffering the stream?).',
    perResource(hub.counters.undeliveredChanges),
  );
  metric(lines, 'sidecarscope_events_applied_total', 'counter', 'Watch and list items applied to the hub.', [[{}, hub.counters.eventsApplied]]);
  const held = hub.size;
  metric(lines, 'sidecarscope_pods_tracked', 'gauge', 'Pods held by the hub, live and retained deleted.', [
    [{ state: 'live' }, held.live],
    [{ state: 'deleted' }, held.deleted],
  ]);
  metric(lines, 'sidecarscope_stream_clients', 'gauge', 'Open live-stream connections.', [[{}, streamClients]]);
  metric(lines, 'sidecarscope_apply_lag_seconds', 'gauge', 'Age of the oldest change in the last derivation pass.', [[{}, hub.counters.applyLagSeconds]]);
  metric(
    lines,
    'sidecarscope_metrics_backlog_pods',
    'gauge',
    'Pods with new metrics samples or Prometheus figures not yet derived again (spread over ticks).',
    [[{}, hub.metricsBacklog]],
  );
  metric(lines, 'sidecarscope_ready', 'gauge', '1 once the first full pod list was applied.', [[{}, hub.isReady() ? 1 : 0]]);
  const series: [Record<string, string | undefined>, number][] = [];
  let dropped = 0;
  for (const pod of hub.livePods()) {
    for (const f of pod.derived?.findings ?? []) {
      if (series.length >= cap) dropped += 1;
      else series.push([{ id: f.id, severity: f.severity, namespace: f.namespace, pod: f.pod, container: f.container ?? '' }, 1]);
    }
  }
  state.findingsDropped += dropped;
  metric(lines, 'sidecarscope_finding', 'gauge', 'One series per live finding (1 while it holds).', series);
  metric(lines, 'sidecarscope_findings_dropped_total', 'counter', 'Finding series left out by the cardinality cap.', [[{}, state.findingsDropped]]);
  const totals = hub.totals.findingTotals().map((t): [Record<string, string>, number] => [{ id: t.id, severity: t.severity }, t.count]);
  metric(lines, 'sidecarscope_findings', 'gauge', 'Live findings per id and severity.', totals);
  if (history) historyMetrics(lines, history);
  return `${lines.join('\n')}\n`;
}
