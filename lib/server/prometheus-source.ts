/**
 * The optional Prometheus source: a fleet poll (four instant queries for the whole scope every
 * interval, never one per pod) feeding the Prometheus-fed findings, and a pod page's history
 * (six queries for that pod, cached briefly). Any failure — unreachable, 401, a query error,
 * missing series — puts the source in `fallback`: the findings it fed clear, pod pages keep the
 * metrics-server charts, and the reason shows in the UI and on `/metrics`.
 */
import 'server-only';
import { readFileSync } from 'node:fs';
import { isSidecarKind } from '../model/classify';
import { createPrometheusClient, PrometheusError, type PrometheusClient } from '../prometheus/client';
import { podQueries, presenceQuery, scopeSelector, signalQueries, type QueryScope } from '../prometheus/queries';
import { rightSizingQueries, toRightSizing, type RightSizingReport } from '../prometheus/right-sizing';
import { stepFor, toPodPrometheusView, type PodPrometheusView } from '../prometheus/pod-view';
import { toPodSignals } from '../prometheus/signals';
import { createHttpTransport } from '../prometheus/transport';
import type { Hub } from './hub';
import { deriveMetricsInSlices } from './live-source';
import type { PrometheusConfig } from './prometheus-config';

export interface PrometheusStatus {
  state: 'starting' | 'ok' | 'fallback';
  /** Why the source is in fallback (safe to show: no URL credentials, no token). */
  reason?: string;
  lastSuccessAt?: number;
}

/** Sidecar container names put into a fleet query's regex; beyond this the query names none. */
export const MAX_SCOPE_CONTAINERS = 200;
const VIEW_CACHE_ENTRIES = 256;
const TOKEN_REREAD_MS = 60_000;

function reasonOf(error: unknown): string {
  return error instanceof PrometheusError ? error.message : 'Prometheus query failed.';
}

/** Request headers: the extra ones and the bearer token, re-read from its file every minute (tokens rotate). */
function headerSource(config: PrometheusConfig, now: () => number): () => Record<string, string> {
  let token: { value: string; readAt: number } | undefined;
  return () => {
    const headers = { ...config.headers };
    if (config.bearerTokenFile) {
      if (!token || now() - token.readAt > TOKEN_REREAD_MS) {
        try {
          token = { value: readFileSync(config.bearerTokenFile, 'utf8').trim(), readAt: now() };
        } catch {
          token = { value: '', readAt: now() };
        }
      }
      if (token.value) headers.Authorization = `Bearer ${token.value}`;
    }
    return headers;
  };
}

export class PrometheusSource {
  status: PrometheusStatus = { state: 'starting' };
  readonly client: PrometheusClient;
  private readonly views = new Map<string, { at: number; view: Promise<PodPrometheusView> }>();
  /** Reports by window; one without any figure yet (a fresh Prometheus) is kept 30 s, not 10 minutes. */
  private readonly sizings = new Map<number, { at: number; report: Promise<RightSizingReport>; complete: boolean }>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly hub: Hub,
    readonly config: PrometheusConfig,
    private readonly namespaces: readonly string[],
    private readonly now: () => number = Date.now,
    client?: PrometheusClient,
  ) {
    const ca = config.caFile ? readFileSync(config.caFile) : undefined;
    this.client =
      client ??
      createPrometheusClient({
        url: config.url,
        timeoutMs: config.timeoutMs,
        maxConcurrent: config.maxConcurrent,
        headers: headerSource(config, now),
        transport: createHttpTransport({ ca }),
      });
  }

  /** Polls now and then every `intervalMs`. */
  start(): { stop(): void } {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.intervalMs);
    this.timer.unref();
    return { stop: () => clearInterval(this.timer) };
  }

  /**
   * The scope of the fleet queries: the namespace allow-list and the sidecar names the hub knows
   * (`undefined` when no live pod has a sidecar: nothing to ask).
   */
  scope(): QueryScope | undefined {
    const names = new Set<string>();
    for (const entry of this.hub.livePods()) {
      for (const c of entry.containers) if (isSidecarKind(c.kind)) names.add(c.name);
      if (names.size > MAX_SCOPE_CONTAINERS) break;
    }
    if (names.size === 0) return undefined;
    return { namespaces: this.namespaces, containers: names.size > MAX_SCOPE_CONTAINERS ? [] : [...names].sort() };
  }

  /** One fleet poll; never throws. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const scope = this.scope();
      const present = await this.client.query(presenceQuery({ namespaces: this.namespaces, containers: [] }));
      if (!present.some((s) => s.value > 0))
        throw new PrometheusError(
          'query',
          "Prometheus has no container_cpu_usage_seconds_total series for these namespaces: is the kubelet's cAdvisor endpoint scraped?",
        );
      if (!scope) {
        this.hub.applyPrometheusSignals(new Map());
      } else {
        const q = signalQueries(scope, this.config.windowSeconds);
        const [throttled, periods, oomEvents, restarts] = await Promise.all([
          this.client.query(q.throttled),
          this.client.query(q.periods),
          this.client.query(q.oomEvents),
          this.client.query(q.restarts).catch(() => undefined),
        ]);
        const at = this.now();
        this.hub.applyPrometheusSignals(toPodSignals({ throttled, periods, oomEvents, ...(restarts ? { restarts } : {}) }, at, this.config.windowSeconds));
      }
      this.status = { state: 'ok', lastSuccessAt: this.now() };
    } catch (error) {
      this.hub.applyPrometheusSignals(undefined);
      this.status = {
        state: 'fallback',
        reason: reasonOf(error),
        ...(this.status.lastSuccessAt === undefined ? {} : { lastSuccessAt: this.status.lastSuccessAt }),
      };
    } finally {
      this.polling = false;
    }
    // The pods whose figures changed are judged again a slice at a time between the fan-out's ticks
    // (every pod of a fleet poll, 100,000 of them, when the figures move).
    void deriveMetricsInSlices(this.hub);
  }

  /** One pod's history from its start (`since`, epoch ms) to now; cached for a few seconds. */
  podView(namespace: string, name: string, since: number | undefined, containerOrder: readonly string[]): Promise<PodPrometheusView> {
    const key = `${namespace}/${name}`;
    const now = this.now();
    const cached = this.views.get(key);
    const ttl = Math.min(15_000, this.config.intervalMs);
    if (cached && now - cached.at < ttl) return cached.view;
    const view = this.queryPod(namespace, name, since, containerOrder, now);
    this.views.delete(key);
    this.views.set(key, { at: now, view });
    while (this.views.size > VIEW_CACHE_ENTRIES) {
      const oldest = this.views.keys().next();
      if (oldest.done) break;
      this.views.delete(oldest.value);
    }
    return view;
  }

  /**
   * Sidecar right-sizing over `windowSeconds` (two queries for the whole scope, cached 10 minutes).
   * Throws {@link PrometheusError} when Prometheus fails.
   */
  rightSizing(windowSeconds: number): Promise<RightSizingReport> {
    const now = this.now();
    const cached = this.sizings.get(windowSeconds);
    if (cached && now - cached.at < (cached.complete ? 600_000 : 30_000)) return cached.report;
    const scope = this.scope();
    const report = scope
      ? (async () => {
          const q = rightSizingQueries(scopeSelector(scope), windowSeconds);
          const [cpu, memory] = await Promise.all([this.client.query(q.cpu), this.client.query(q.memory)]);
          const pods = [...this.hub.livePods()].map((entry) => entry.digest);
          return toRightSizing(pods, cpu, memory, windowSeconds);
        })()
      : Promise.resolve({ windowSeconds, rows: [], fleetSavings: { cpuMilli: 0, memoryBytes: 0 } });
    const entry = { at: now, report, complete: false };
    this.sizings.set(windowSeconds, entry);
    report.then(
      (r) => (entry.complete = r.rows.some((row) => row.p95CpuMilli !== undefined || row.peakMemoryBytes !== undefined)),
      () => this.sizings.delete(windowSeconds),
    );
    return report;
  }

  private async queryPod(namespace: string, name: string, since: number | undefined, order: readonly string[], now: number): Promise<PodPrometheusView> {
    const from = Math.min(since ?? now - 3_600_000, now - 60_000);
    const stepSeconds = stepFor(from, now, Math.max(1, Math.round(this.config.rateSeconds / 4)));
    const rateSeconds = Math.max(this.config.rateSeconds, stepSeconds);
    const q = podQueries(namespace, name, rateSeconds);
    const range = (promql: string) => this.client.queryRange(promql, from, now, stepSeconds);
    try {
      const [cpu, memory, throttled, oomEvents, restarts, resources] = await Promise.all([
        range(q.cpu),
        range(q.memory),
        range(q.throttled),
        range(q.oomEvents),
        range(q.restarts),
        this.client.query(q.resources),
      ]);
      const view = toPodPrometheusView({ cpu, memory, throttled, oomEvents, restarts, resources }, { from, to: now, stepSeconds }, order);
      if (view.containers.length === 0)
        return { ...view, source: 'metrics-server', reason: 'Prometheus has no cAdvisor series for this pod (yet): showing metrics-server samples.' };
      return view;
    } catch (error) {
      this.views.delete(`${namespace}/${name}`);
      return { source: 'metrics-server', reason: `${reasonOf(error)} Showing metrics-server samples.`, from, to: now, stepSeconds, containers: [] };
    }
  }
}
