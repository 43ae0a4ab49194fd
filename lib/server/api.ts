/**
 * The HTTP API behind `app/api/*`, `/healthz`, `/readyz` and `/metrics`. Route files only call
 * these; every error is mapped to HTTP by {@link handle}.
 */
import 'server-only';
import { clientAddressOf } from '../security/client-address';
import { HttpError, answer, handle } from './http-errors';
import { detailOf, facetsOf, summaryHeadOf, summaryOf } from './hub-views';
import { PodQueryCache, parsePodQuery, queryRows } from './pod-query';
import { renderMetrics } from './prometheus';
import { previousLogOf } from './pod-logs';
import { renderExportMetrics } from './prometheus-export';
import { PrometheusError } from '../prometheus/client';
import { getRuntime, peekRuntime } from './runtime';
import { workloadOf } from './workload-view';
import { eventStreamResponse } from './sse';
import type { PodQuery } from '../model/contract';
import type { PodPage, PodRow } from '../model/views';
import type { Hub } from './hub';
import { detailAt, findingsTimeline, rowsAt, summaryAt, type LookbackContext } from './lookback';
import { parseAt, parseTimelineQuery } from './lookback-query';
import type { Runtime } from './runtime';

/** What look-back reads; a 409 when no history store is open. */
function lookback(runtime: Runtime): LookbackContext {
  const { hub, history } = runtime;
  if (!history) throw new HttpError(409, 'history-off', `No history is kept by this server${hub.history?.reason ? `: ${hub.history.reason}` : ''}.`);
  return {
    store: history.store,
    cluster: { ...hub.options.cluster, version: hub.version?.gitVersion },
    history: hub.history ?? { state: 'recording' },
  };
}

function atOf(request: Request, runtime: Runtime): number | undefined {
  return parseAt(new URL(request.url).searchParams, runtime.hub.options.now());
}

function* rowsOf(hub: Hub): Generator<PodRow> {
  for (const entry of hub.pods()) if (entry.derived) yield entry.derived.row;
}

/** Each hub's recent list answers, by filter and sort, for the current version of its rows. */
const podQueries = new WeakMap<Hub, PodQueryCache>();

function livePodPage(hub: Hub, query: PodQuery): PodPage {
  hub.flush();
  let cache = podQueries.get(hub);
  if (!cache) podQueries.set(hub, (cache = new PodQueryCache()));
  return cache.query(hub.rowsVersion, () => rowsOf(hub), query);
}

/** `GET /api/summary[?at=]` → ClusterSummary, live or as it was at `at`. */
export function getSummary(request?: Request): Promise<Response> {
  return handle(async () => {
    const runtime = getRuntime();
    const at = request ? atOf(request, runtime) : undefined;
    return answer('/api/summary', at === undefined ? summaryOf(runtime.hub) : await summaryAt(lookback(runtime), at));
  });
}

/** `GET /api/summary/head` → the live summary without its workload and troubled lists. */
export function getSummaryHead(): Promise<Response> {
  return handle(() => answer('/api/summary/head', summaryHeadOf(getRuntime().hub)));
}

/** `GET /api/pods?…` → PodPage; 400 on a bad parameter. */
export function getPods(request: Request): Promise<Response> {
  return handle(async () => {
    const query = parsePodQuery(new URL(request.url).searchParams);
    const runtime = getRuntime();
    const at = atOf(request, runtime);
    return answer(
      '/api/pods',
      at === undefined ? livePodPage(runtime.hub, query) : queryRows(await rowsAt(lookback(runtime), at, runtime.hub.options.now()), query),
    );
  });
}

const UID = /^[-a-zA-Z0-9]{1,64}$/;

/**
 * `GET /api/pods/{namespace}/{name}[?uid=][&at=]` → PodDetail, 404 when unknown. Live first; a pod
 * the hub no longer holds (deleted beyond its retention) is read from history; with `at`, the pod
 * as it was then.
 */
export function getPod(request: Request, namespace: string, name: string): Promise<Response> {
  return handle(async () => {
    const uid = new URL(request.url).searchParams.get('uid') ?? undefined;
    if (uid !== undefined && !UID.test(uid)) throw new HttpError(400, 'bad-parameter', 'uid: must be a pod uid');
    const runtime = getRuntime();
    const at = atOf(request, runtime);
    let detail = at === undefined ? detailOf(runtime.hub, namespace, name, uid) : undefined;
    if (!detail && (at !== undefined || runtime.history)) detail = await detailAt(lookback(runtime), namespace, name, at ?? runtime.hub.options.now(), uid);
    if (!detail)
      throw new HttpError(404, 'not-found', `No pod ${namespace}/${name}${uid ? ` with uid ${uid}` : ''} is known${at === undefined ? '' : ' at that time'}.`);
    return answer('/api/pods/{namespace}/{name}', detail);
  });
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const OBJECT_NAME = /^[^/\s]{1,253}$/;

/** `GET /api/workloads/{namespace}/{kind}/{name}` → WorkloadDetail, 404 when no pod of it is known. */
export function getWorkload(namespace: string, kind: string, name: string): Promise<Response> {
  return handle(() => {
    if (!NAMESPACE.test(namespace)) throw new HttpError(400, 'bad-parameter', 'namespace: not a namespace name');
    if (!KIND.test(kind)) throw new HttpError(400, 'bad-parameter', 'kind: not a kind (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, …)');
    if (!OBJECT_NAME.test(name)) throw new HttpError(400, 'bad-parameter', 'name: not an object name');
    const runtime = getRuntime();
    const detail = workloadOf(runtime.hub, namespace, kind, name, runtime.logs !== undefined);
    if (!detail) throw new HttpError(404, 'not-found', `No pod of ${kind} ${namespace}/${name} is known.`);
    return answer('/api/workloads/{namespace}/{kind}/{name}', detail);
  });
}

/** `GET /api/pods/{namespace}/{name}/logs?container=` → LogTail of the previous run (see docs/security.md). */
export function getPodLogs(request: Request, namespace: string, name: string): Promise<Response> {
  return handle(async () => {
    const runtime = getRuntime();
    const container = new URL(request.url).searchParams.get('container');
    return answer('/api/pods/{namespace}/{name}/logs', await previousLogOf(runtime.hub, runtime.logs, namespace, name, container, request.signal));
  });
}

/** `GET /api/findings/timeline?from=&to=[&namespace=][&workload=Kind/name]` → FindingsTimeline. */
export function getFindingsTimeline(request: Request): Promise<Response> {
  return handle(async () => {
    const runtime = getRuntime();
    const query = parseTimelineQuery(new URL(request.url).searchParams);
    const to = query.to ?? runtime.hub.options.now();
    return answer('/api/findings/timeline', await findingsTimeline(lookback(runtime), { ...query, to }));
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
    const entry = runtime.hub.livePod(`${namespace}/${name}`);
    if (!entry) throw new HttpError(404, 'not-found', `No live pod ${namespace}/${name} is known.`);
    const source = runtime.prometheusSource;
    const now = runtime.hub.options.now();
    if (!source)
      return answer('/api/pods/{namespace}/{name}/prometheus', {
        source: 'metrics-server',
        reason: 'No Prometheus is configured (--prometheus-url).',
        from: now,
        to: now,
        stepSeconds: 0,
        containers: [],
      });
    const pod = entry.digest;
    return answer(
      '/api/pods/{namespace}/{name}/prometheus',
      await source.podView(
        namespace,
        name,
        pod.startTime ?? pod.createdAt,
        pod.containers.map((c) => c.name),
      ),
    );
  } catch (error) {
    return handle(() => {
      throw error;
    });
  }
}

const SIZING_WINDOWS: Readonly<Record<string, number>> = { '1h': 3600, '1d': 86_400, '7d': 604_800 };

/**
 * `GET /api/right-sizing?window=1d` → RightSizingReport: each sidecar's requests against its p95
 * CPU and peak memory per workload, from Prometheus. 400 on a bad window; without a Prometheus an
 * empty report that says so (`unavailable`), as the pod's Prometheus view does; 503 when it fails.
 */
export async function getRightSizing(request: Request): Promise<Response> {
  try {
    const window = new URL(request.url).searchParams.get('window') ?? '1d';
    const seconds = SIZING_WINDOWS[window];
    if (seconds === undefined) throw new HttpError(400, 'bad-parameter', 'window: must be 1h, 1d or 7d');
    const source = getRuntime().prometheusSource;
    if (!source)
      return answer('/api/right-sizing', {
        windowSeconds: seconds,
        rows: [],
        fleetSavings: { cpuMilli: 0, memoryBytes: 0 },
        unavailable: 'Right-sizing needs a Prometheus (--prometheus-url).',
      });
    try {
      return answer('/api/right-sizing', await source.rightSizing(seconds));
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
  return handle(() => answer('/api/facets', facetsOf(getRuntime().hub)));
}

const POD_PARAM = /^([a-z0-9][-a-z0-9]*)\/([^/]{1,253})$/;

/** `GET /api/stream[?pod=namespace/name]` → text/event-stream. */
export function getStream(request: Request): Promise<Response> {
  return handle(() => {
    const pod = new URL(request.url).searchParams.get('pod') ?? undefined;
    if (pod !== undefined && !POD_PARAM.test(pod)) throw new HttpError(400, 'bad-parameter', 'pod: must be namespace/name');
    const runtime = getRuntime();
    const lease = runtime.limiter.acquire(clientAddressOf(request.headers));
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
    return new Response(ready ? 'ready\n' : 'waiting for the first sync\n', {
      status: ready ? 200 : 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });
}

/** `GET /metrics`: Prometheus text. */
export function getMetrics(): Promise<Response> {
  return handle(() => {
    const runtime = peekRuntime() ?? getRuntime();
    const h = runtime.history;
    const state = h?.recorder.state;
    const history =
      h && state ? { bytes: h.footprint.bytes, paused: state.state === 'paused', reason: state.reason, counters: h.recorder.counters } : undefined;
    const text =
      renderMetrics(runtime.hub, runtime.fanout.clients.size, runtime.prometheus, undefined, history) +
      renderExportMetrics(runtime.hub, runtime.prometheusSource);
    return new Response(text, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}
