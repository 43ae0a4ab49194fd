/**
 * The HTTP server in front of Next.js (a Next.js custom server). It does what must happen before
 * Next.js reads a byte of the request, and what Next.js does not do on every response:
 *
 * - refuses unknown methods (405: TRACE once answered 500 with a stack trace in the log), bodies
 *   larger than the limit by their Content-Length (413 at once, connection closed), bodies on
 *   GET/HEAD and bodies without a length (lib/security/request-limits.ts);
 * - writes the TCP peer into {@link PEER_HEADER} (after deleting any copy the client sent), the
 *   only address the per-address caps believe without configuration;
 * - puts the security headers on every response, including Next's own 404s (`/favicon.ico`),
 *   redirects and 500s, which the proxy never sees;
 * - serves `/metrics` on a listener of its own, for in-cluster scraping without the token;
 * - counts the requests it is answering, so that the hub's background work gives way to them
 *   (lib/server/foreground.ts); the live stream, which stays open, is not counted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answering } from '../server/foreground';
import { PEER_HEADER } from '../security/client-address';
import { buildSecurityHeaders } from '../security/headers';
import { METRICS_PORT_HEADER, metricsPortSecret } from '../security/metrics-port';
import { ALLOWED_METHODS, checkRequestLimits } from '../security/request-limits';

/** Next's request handler (or a stand-in in tests). */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export interface FrontServerOptions {
  handle: RequestHandler;
  basePath: string;
  isDev: boolean;
  /** One line per failure; never a stack trace, a query string or a header. */
  log: (line: string) => void;
}

function refuse(response: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    Connection: 'close',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  response.end(body);
}

function setSecurityHeaders(response: ServerResponse, isDev: boolean): void {
  for (const [name, value] of Object.entries(buildSecurityHeaders({ isDev }))) response.setHeader(name, value);
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]?.slice(0, 200) ?? '/';
}

/** True for the live stream's path (`/api/stream`, any query): answered for as long as the page is open. */
export function isStreamPath(path: string, basePath: string): boolean {
  return path === `${basePath}/api/stream`;
}

async function pass(request: IncomingMessage, response: ServerResponse, options: FrontServerOptions): Promise<void> {
  if (!isStreamPath(pathOf(request.url), options.basePath)) response.once('close', answering());
  try {
    await options.handle(request, response);
  } catch (error) {
    options.log(`request failed: ${request.method ?? '?'} ${pathOf(request.url)}: ${error instanceof Error ? error.name : 'error'}`);
    if (!response.headersSent) refuse(response, 500, 'internal', 'The server failed to answer this request.');
    else response.destroy();
  }
}

/** The listener for the dashboard's port. */
export function frontRequestListener(options: FrontServerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    setSecurityHeaders(response, options.isDev);
    const refusal = checkRequestLimits({
      method: request.method ?? '',
      url: request.url ?? '',
      contentLength: request.headers['content-length'] ?? null,
      transferEncoding: request.headers['transfer-encoding'] ?? null,
    });
    if (refusal !== undefined) {
      const allow = refusal.status === 405 ? { Allow: ALLOWED_METHODS.join(', ') } : undefined;
      refuse(response, refusal.status, refusal.status === 405 ? 'method-not-allowed' : 'request-refused', refusal.message, allow);
      // Nothing of the body is read: close rather than drain it.
      response.on('finish', () => request.socket.destroySoon());
      return;
    }
    delete request.headers[METRICS_PORT_HEADER];
    request.headers[PEER_HEADER] = request.socket.remoteAddress ?? 'unknown';
    void pass(request, response, options);
  };
}

/** The listener for the metrics port: `GET /metrics` and nothing else, no token. */
export function metricsRequestListener(options: FrontServerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    setSecurityHeaders(response, options.isDev);
    const hasBody = request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0';
    if ((request.method !== 'GET' && request.method !== 'HEAD') || hasBody) {
      refuse(response, 405, 'method-not-allowed', 'The metrics port answers GET /metrics only.', { Allow: 'GET, HEAD' });
      response.on('finish', () => request.socket.destroySoon());
      return;
    }
    if (pathOf(request.url) !== '/metrics') {
      refuse(response, 404, 'not-found', 'The metrics port serves /metrics only.');
      return;
    }
    request.url = `${options.basePath}/metrics`;
    request.headers[METRICS_PORT_HEADER] = metricsPortSecret();
    request.headers[PEER_HEADER] = request.socket.remoteAddress ?? 'unknown';
    void pass(request, response, options);
  };
}

/** The dashboard's server and, when asked for, the metrics server; not listening yet. */
export function createFrontServers(options: FrontServerOptions & { metrics: boolean }): { main: Server; metrics?: Server } {
  const main = createServer(frontRequestListener(options));
  const metrics = options.metrics ? createServer(metricsRequestListener(options)) : undefined;
  return { main, metrics };
}
