/**
 * The HTTP API behind `app/api/*`, `/healthz`, `/readyz` and `/metrics`. Route files only call
 * these; every error is mapped to HTTP by {@link handle}.
 */
import 'server-only';
import { clientAddressFrom } from '../security/stream-limits';
import { HttpError, handle, jsonResponse } from './http-errors';
import { detailOf, facetsOf, summaryOf } from './hub-views';
import { parsePodQuery, queryRows } from './pod-query';
import { renderMetrics } from './prometheus';
import { renderExportMetrics } from './prometheus-export';
import { PrometheusError } from '../prometheus/client';
import { getRuntime, peekRuntime } from './runtime';
import { eventStreamResponse } from './sse';
import type { PodRow } from '../model/views';

function* rowsOf(): Generator<PodRow> {
  const { hub } = getRuntime();
  hub.flush();
  for (const entry of hub.entries.values()) if (entry.derived) yield entry.derived.row;
}

/** `GET /api/summary` → ClusterSummary. */
export function getSummary(): Promise<Response> {
  return handle(() => jsonResponse(summaryOf(getRuntime().hub)));
}

/** `GET /api/pods?…` → PodPage; 400 on a bad parameter. */
export function getPods(request: Request): Promise<Response> {
  return handle(() => {
    const query = parsePodQuery(new URL(request.url).searchParams);
    return jsonResponse(queryRows(rowsOf(), query));
  });
}

/** `GET /api/pods/{namespace}/{name}[?uid=]` → PodDetail, 404 when unknown. */
export function getPod(request: Request, namespace: string, name: string): Promise<Response> {
  return handle(() => {
    const uid = new URL(request.url).searchParams.get('uid') ?? undefined;
    const detail = detailOf(getRuntime().hub, namespace, name, uid);
    if (!detail) throw new HttpError(404, 'not-found', `No pod ${namespace}/${name}${uid ? ` with uid ${uid}` : ''} is known.`);
    return jsonResponse(detail);
  });
}

/**
 * `GET /api/pods/{namespace}/{name}/prometheus` → PodPrometheusView: the pod's CPU, memory,
 * throttling, OOM events and restarts from Prometheus since the pod started, or
 * `{ source: "metrics-server", reason }` when Prometheus is not configured or failed.
 */
export async function getPodPrometheus(namespace: string, name: string): Promise<Response> {
  try {
    const runtime = getRuntime();
    const uid = runtime.hub.live.get(`${namespace}/${name}`);
    const entry = uid === undefined ? undefined : runtime.hub.entries.get(uid);
    if (!entry) throw new HttpError(404, 'not-found', `No live pod ${namespace}/${name} is known.`);
    const source = runtime.prometheusSource;
    const now = runtime.hub.options.now();
    if (!source) return jsonResponse({ source: 'metrics-server', reason: 'No Prometheus is configured (--prometheus-url).', from: now, to: now, stepSeconds: 0, containers: [] });
    const pod = entry.digest;
    return jsonResponse(await source.podView(namespace, name, pod.startTime ?? pod.createdAt, pod.containers.map((c) => c.name)));
  } catch (error) {
    return handle(() => {
      throw error;
    });
  }
}

const SIZING_WINDOWS: Readonly<Record<string, number>> = { '1h': 3600, '1d': 86_400, '7d': 604_800 };

/**
 * `GET /api/right-sizing?window=1d` → RightSizingReport: each sidecar's requests against its p95
 * CPU and peak memory per workload, from Prometheus. 400 on a bad window, 503 without Prometheus
 * or when it fails (the message says why).
 */
export async function getRightSizing(request: Request): Promise<Response> {
  try {
    const window = new URL(request.url).searchParams.get('window') ?? '1d';
    const seconds = SIZING_WINDOWS[window];
    if (seconds === undefined) throw new HttpError(400, 'bad-parameter', 'window: must be 1h, 1d or 7d');
    const source = getRuntime().prometheusSource;
    if (!source) throw new HttpError(503, 'no-prometheus', 'Right-sizing needs a Prometheus (--prometheus-url).');
    try {
      return jsonResponse(await source.rightSizing(seconds));
    } catch (error) {
      throw new HttpError(503, 'prometheus-failed', error instanceof PrometheusError ? error.message : 'Prometheus query failed.', { cause: error });
    }
  } catch (error) {
    return handle(() => {
      throw error;
    });
  }
}

/** `GET /api/facets` → namespaces and workloads. */
export function getFacets(): Promise<Response> {
  return handle(() => jsonResponse(facetsOf(getRuntime().hub)));
}

const POD_PARAM = /^([a-z0-9][-a-z0-9]*)\/([^/]{1,253})$/;

/** `GET /api/stream[?pod=namespace/name]` → text/event-stream. */
export function getStream(request: Request): Promise<Response> {
  return handle(() => {
    const pod = new URL(request.url).searchParams.get('pod') ?? undefined;
    if (pod !== undefined && !POD_PARAM.test(pod)) throw new HttpError(400, 'bad-parameter', 'pod: must be namespace/name');
    const runtime = getRuntime();
    const lease = runtime.limiter.acquire(clientAddressFrom(request.headers.get('x-forwarded-for')));
    if (!lease.ok) throw new HttpError(lease.limit === 'process' ? 503 : 429, 'too-many-streams', lease.message);
    try {
      const client = runtime.fanout.connect(pod);
      return eventStreamResponse(client, request.signal, () => {
        runtime.fanout.disconnect(client);
        lease.release();
      });
    } catch (error) {
      lease.release();
      throw error;
    }
  });
}

/** `GET /healthz`: the process answers. */
export function getHealthz(): Response {
  return new Response('ok\n', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** `GET /readyz`: 503 until the first full pod list was applied, then 200. Starts the hub. */
export function getReadyz(): Promise<Response> {
  return handle(() => {
    const ready = getRuntime().hub.isReady();
    return new Response(ready ? 'ready\n' : 'waiting for the first sync\n', { status: ready ? 200 : 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}

/** `GET /metrics`: Prometheus text. */
export function getMetrics(): Promise<Response> {
  return handle(() => {
    const runtime = peekRuntime() ?? getRuntime();
    const text = renderMetrics(runtime.hub, runtime.fanout.clients.size, runtime.prometheus) + renderExportMetrics(runtime.hub, runtime.prometheusSource);
    return new Response(text, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}
