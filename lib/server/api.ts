/**
 * The HTTP API behind `app/api/*`, `/healthz`, `/readyz` and `/metrics`. Route files only call
 * these; every error is mapped to HTTP by {@link handle}.
 */
import 'server-only';
import { clientAddressOf } from '../security/client-address';
import { HttpError, answer, handle } from './http-errors';
import { detailOf, facetsOf, summaryOf } from './hub-views';
import { parsePodQuery, queryRows } from './pod-query';
import { renderMetrics } from './prometheus';
import { previousLogOf } from './pod-logs';
import { getRuntime, peekRuntime } from './runtime';
import { workloadOf } from './workload-view';
import { eventStreamResponse } from './sse';
import type { PodRow } from '../model/views';

function* rowsOf(): Generator<PodRow> {
  const { hub } = getRuntime();
  hub.flush();
  for (const entry of hub.pods()) if (entry.derived) yield entry.derived.row;
}

/** `GET /api/summary` → ClusterSummary. */
export function getSummary(): Promise<Response> {
  return handle(() => answer('/api/summary', summaryOf(getRuntime().hub)));
}

/** `GET /api/pods?…` → PodPage; 400 on a bad parameter. */
export function getPods(request: Request): Promise<Response> {
  return handle(() => {
    const query = parsePodQuery(new URL(request.url).searchParams);
    return answer('/api/pods', queryRows(rowsOf(), query));
  });
}

/** `GET /api/pods/{namespace}/{name}[?uid=]` → PodDetail, 404 when unknown. */
export function getPod(request: Request, namespace: string, name: string): Promise<Response> {
  return handle(() => {
    const uid = new URL(request.url).searchParams.get('uid') ?? undefined;
    const detail = detailOf(getRuntime().hub, namespace, name, uid);
    if (!detail) throw new HttpError(404, 'not-found', `No pod ${namespace}/${name}${uid ? ` with uid ${uid}` : ''} is known.`);
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
    return new Response(ready ? 'ready\n' : 'waiting for the first sync\n', { status: ready ? 200 : 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}

/** `GET /metrics`: Prometheus text. */
export function getMetrics(): Promise<Response> {
  return handle(() => {
    const runtime = peekRuntime() ?? getRuntime();
    const text = renderMetrics(runtime.hub, runtime.fanout.clients.size, runtime.prometheus);
    return new Response(text, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}
