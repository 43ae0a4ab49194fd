/**
 * The simulated API server: plain Node `http` on loopback, routing the read-only paths that
 * client-node and kubectl use. Writes answer 405: the scenario engine is the only writer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResourceName, SimStore } from '../store';
import { apiGroups, apiVersions, coreResources, eventsGroup, eventsResources, metricsGroup, metricsResources, versionInfo } from './discovery';
import { toCoreEventFields, toEventsV1 } from './events-v1';
import type { FaultSwitches } from './faults';
import { serveGet, serveList, serveWatch, type ListWatchDeps } from './list-watch';
import { serveNodeMetrics, servePodMetrics } from './metrics-api';
import { SelectorError } from './selectors';
import { sendJson, sendStatus } from './status';

export interface RequestRecord {
  method: string;
  url: string;
  accept?: string;
  userAgent?: string;
}

export interface ApiServerOptions {
  store: SimStore;
  faults: FaultSwitches;
  now: () => number;
  host: string;
  port: number;
  bookmarkIntervalMs: number;
  onRequest?: (record: RequestRecord) => void;
  /** Container logs (`pods/{name}/log`); see `ScenarioEngine.containerLog`. */
  logs?: (namespace: string, name: string, container: string | undefined, previous: boolean) => string[] | { error: string } | undefined;
  /** `/metrics/cadvisor` and `/metrics/kube-state-metrics` in the Prometheus text format. */
  exposition?: { cadvisor(): string; kubeStateMetrics(): string };
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const RESOURCES = new Set<ResourceName>(['pods', 'events', 'nodes', 'namespaces']);
const NAMESPACED = new Set<ResourceName>(['pods', 'events']);
const CORE = /^\/api\/v1(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?\/?$/;
const EVENTS_V1 = /^\/apis\/events\.k8s\.io\/v1(?:\/namespaces\/([^/]+))?\/(events)(?:\/([^/]+))?\/?$/;
const POD_LOG = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log\/?$/;
const METRICS = /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/(pods|nodes)(?:\/([^/]+))?\/?$/;

function applyFault(res: ServerResponse, faults: FaultSwitches, url: string): boolean {
  const rule = faults.match(url);
  if (!rule) return false;
  if (rule.status === 403) {
    const resource = rule.resource ?? 'pods';
    sendStatus(
      res,
      403,
      rule.message ?? `${resource} is forbidden: User "system:serviceaccount:x:y" cannot list resource "${resource}" in API group "" at the cluster scope`,
      { kind: resource },
    );
  } else if (rule.status === 429) {
    sendStatus(
      res,
      429,
      rule.message ?? 'Too many requests, please try again later.',
      { retryAfterSeconds: rule.retryAfterSeconds ?? 1 },
      { 'Retry-After': String(rule.retryAfterSeconds ?? 1) },
    );
  } else sendStatus(res, rule.status, rule.message ?? 'Internal error occurred: simulated fault');
  return true;
}

/** `GET …/pods/{name}/log`: `container`, `previous`, `tailLines` and `limitBytes` as kube-apiserver reads them. */
function serveLog(res: ServerResponse, options: ApiServerOptions, namespace: string, name: string, query: URLSearchParams): void {
  if (!options.store.get('pods', namespace, name)) return sendStatus(res, 404, `pods "${name}" not found`, { name, kind: 'pods' });
  const previous = query.get('previous') === 'true' || query.get('previous') === '1';
  const result = options.logs?.(namespace, name, query.get('container') ?? undefined, previous);
  if (result === undefined) return sendStatus(res, 400, `previous terminated container in pod "${name}" not found`);
  if ('error' in result) return sendStatus(res, 400, result.error);
  const tail = Number(query.get('tailLines') ?? Number.NaN);
  const lines = Number.isInteger(tail) && tail >= 0 ? result.slice(Math.max(0, result.length - tail)) : result;
  let body = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  const limit = Number(query.get('limitBytes') ?? Number.NaN);
  if (Number.isInteger(limit) && limit > 0 && body.byteLength > limit) body = body.subarray(0, limit);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.byteLength });
  res.end(body);
}

function serveCore(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, deps: ListWatchDeps): boolean {
  const eventsV1 = EVENTS_V1.exec(path);
  const match = eventsV1 ?? CORE.exec(path);
  if (!match) return false;
  const view = eventsV1 ? { apiVersion: 'events.k8s.io/v1', convert: toEventsV1 } : undefined;
  if (eventsV1 && query.has('fieldSelector')) query.set('fieldSelector', toCoreEventFields(query.get('fieldSelector') ?? ''));
  const [, namespace, resource, name] = match;
  if (!resource || !RESOURCES.has(resource as ResourceName)) return false;
  const r = resource as ResourceName;
  const request = { resource: r, namespace: NAMESPACED.has(r) ? namespace : undefined, query, accept: req.headers.accept, view };
  const isWatch = query.get('watch') === 'true' || query.get('watch') === '1';
  if (name !== undefined && !isWatch) serveGet(res, request, decodeURIComponent(name), deps);
  else if (isWatch) serveWatch(req, res, name ? { ...request, query: withNameField(query, name) } : request, deps);
  else serveList(res, request, deps);
  return true;
}

function withNameField(query: URLSearchParams, name: string): URLSearchParams {
  const q = new URLSearchParams(query);
  q.set('fieldSelector', [q.get('fieldSelector'), `metadata.name=${decodeURIComponent(name)}`].filter(Boolean).join(','));
  return q;
}

function route(req: IncomingMessage, res: ServerResponse, options: ApiServerOptions, deps: ListWatchDeps): void {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname;
  const { faults, store, now } = options;
  if (applyFault(res, faults, `${path}${url.search}`)) return;
  if (req.method !== 'GET') return sendStatus(res, 405, `the simulated cluster is read-only: ${req.method} is not supported`);
  if (path === '/version' || path === '/version/') return sendJson(res, 200, versionInfo());
  if (path === '/healthz' || path === '/readyz' || path === '/livez') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return void res.end('ok');
  }
  if ((path === '/metrics/cadvisor' || path === '/metrics/kube-state-metrics') && options.exposition) {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    return void res.end(path === '/metrics/cadvisor' ? options.exposition.cadvisor() : options.exposition.kubeStateMetrics());
  }
  if (path === '/api') return sendJson(res, 200, apiVersions(`${options.host}:${options.port}`));
  if (path === '/api/v1') return sendJson(res, 200, coreResources());
  if (path === '/apis') return sendJson(res, 200, apiGroups(faults.metricsServed));
  if (path === '/apis/events.k8s.io/v1' || path === '/apis/events.k8s.io/v1/') return sendJson(res, 200, eventsResources());
  if (path === '/apis/events.k8s.io' || path === '/apis/events.k8s.io/') return sendJson(res, 200, eventsGroup());
  if (path.startsWith('/apis/metrics.k8s.io')) {
    if (!faults.metricsServed) return sendStatus(res, 404, 'the server could not find the requested resource');
    if (path === '/apis/metrics.k8s.io' || path === '/apis/metrics.k8s.io/') return sendJson(res, 200, metricsGroup());
    if (path === '/apis/metrics.k8s.io/v1beta1' || path === '/apis/metrics.k8s.io/v1beta1/') return sendJson(res, 200, metricsResources());
    const m = METRICS.exec(path);
    if (m?.[2] === 'pods') return servePodMetrics(res, store, now(), m[1], m[3], url.searchParams);
    if (m?.[2] === 'nodes' && m[1] === undefined) return serveNodeMetrics(res, store, now(), m[3]);
  }
  const log = POD_LOG.exec(path);
  if (log?.[1] && log[2]) return serveLog(res, options, decodeURIComponent(log[1]), decodeURIComponent(log[2]), url.searchParams);
  if (serveCore(req, res, path, url.searchParams, deps)) return;
  sendStatus(res, 404, 'the server could not find the requested resource', { causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }] });
}

/** Starts the HTTP server; `port: 0` picks a free one. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const deps: ListWatchDeps = { store: options.store, faults: options.faults, now: options.now, bookmarkIntervalMs: options.bookmarkIntervalMs };
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    options.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '/', accept: req.headers.accept, userAgent: req.headers['user-agent'] });
    try {
      route(req, res, options, deps);
    } catch (error) {
      if (error instanceof SelectorError) return sendStatus(res, 400, error.message);
      if (!res.headersSent) sendStatus(res, 500, 'Internal error occurred');
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.port = port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
