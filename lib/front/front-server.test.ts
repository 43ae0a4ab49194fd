/**
 * The front server on real sockets, with a stand-in for Next.js that records what reached it.
 * Raw requests, because fetch cannot send TRACE, a GET with a body, or a lying Content-Length.
 */
import type { IncomingMessage, Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PEER_HEADER } from '../security/client-address';
import { METRICS_PORT_HEADER, metricsPortSecret } from '../security/metrics-port';
import { MAX_BODY_BYTES } from '../security/request-limits';
import { answeringNow } from '../server/foreground';
import { createFrontServers, type RequestHandler } from './front-server';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Reached {
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
}

async function start(handle?: RequestHandler) {
  const reached: Reached[] = [];
  const lines: string[] = [];
  const stand: RequestHandler = async (request, response) => {
    let bodyBytes = 0;
    for await (const chunk of request) bodyBytes += (chunk as Buffer).length;
    reached.push({ url: request.url ?? '', method: request.method ?? '', headers: request.headers, bodyBytes });
    if (request.url?.startsWith('/boom')) throw new Error('kaput at /secret/path');
    response.statusCode = request.url === '/favicon.ico' ? 404 : 200;
    response.end('next');
  };
  const { main, metrics } = createFrontServers({
    handle: handle ?? stand,
    basePath: '/sidecars',
    isDev: false,
    log: (line) => lines.push(line),
    metrics: true,
  });
  for (const server of [main, metrics]) {
    if (!server) continue;
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  const portOf = (server: Server | undefined) => (server?.address() as AddressInfo).port;
  return { reached, lines, port: portOf(main), metricsPort: portOf(metrics) };
}

/** Sends raw bytes; resolves with what came back before the server closed or `waitMs` passed. */
function raw(port: number, text: string, waitMs = 1500): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closed });
    }, waitMs);
    socket.on('data', (chunk) => (response += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ response, closed });
    });
    socket.write(text);
  });
}

/** Polls `check` every 5 ms until it holds (the test's own timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);

describe('the front server', () => {
  it('answers a declared oversized body with 413 at once and closes, without reading it or passing it on', async () => {
    const { port, reached } = await start();
    const { response, closed } = await raw(
      port,
      `POST /sidecars/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n\r\ntoken=`,
    );
    expect(statusOf(response)).toBe(413);
    expect(closed).toBe(true);
    expect(reached).toEqual([]);
  });

  it('refuses a body one byte over the limit and passes one at the limit on', async () => {
    const { port, reached } = await start();
    const at = await raw(
      port,
      `POST /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: ${MAX_BODY_BYTES}\r\n\r\n${'a'.repeat(MAX_BODY_BYTES)}`,
    );
    const over = await raw(port, `POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n`);
    expect(statusOf(at.response)).toBe(200);
    expect(statusOf(over.response)).toBe(413);
    expect(reached.map((r) => r.bodyBytes)).toEqual([MAX_BODY_BYTES]);
  });

  it.each([
    ['a GET with a chunked body', 'GET /sidecars/api/pods HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', 400],
    ['a HEAD with a chunked body', 'HEAD /sidecars/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['a chunked POST', 'POST /sidecars/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', 411],
    ['TRACE', 'TRACE /sidecars/ HTTP/1.1\r\nHost: localhost\r\n\r\n', 405],
    ['an unknown method', 'PROPFIND /sidecars/ HTTP/1.1\r\nHost: localhost\r\n\r\n', 405],
  ])('refuses %s before Next.js sees it, with the security headers', async (_, request, status) => {
    const { port, reached, lines } = await start();
    const { response } = await raw(port, request);
    expect(statusOf(response)).toBe(status);
    expect(response).toMatch(/content-security-policy: default-src 'self'/i);
    if (status === 405) expect(response).toMatch(/^Allow: GET, HEAD, POST, OPTIONS/im);
    expect(reached).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('puts the security headers on the 404 of /favicon.ico and on a 500, and logs a 500 in one line without a stack', async () => {
    const { port, lines } = await start();
    const favicon = await raw(port, 'GET /favicon.ico HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const boom = await raw(port, 'GET /boom?token=abc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(statusOf(favicon.response)).toBe(404);
    expect(favicon.response).toMatch(/x-frame-options: DENY/i);
    expect(statusOf(boom.response)).toBe(500);
    expect(boom.response).toMatch(/x-content-type-options: nosniff/i);
    expect(boom.response).not.toContain('kaput');
    expect(lines).toEqual(['request failed: GET /boom: Error']);
  });

  it('tells Next.js the TCP peer, whatever the client wrote in the peer or metrics-port headers', async () => {
    const { port, reached } = await start();
    await raw(
      port,
      `GET /sidecars/api/pods HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${PEER_HEADER}: 203.0.113.66\r\n${METRICS_PORT_HEADER}: ${metricsPortSecret()}\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n`,
    );
    expect(reached[0]?.headers[PEER_HEADER]).toBe('127.0.0.1');
    expect(reached[0]?.headers[METRICS_PORT_HEADER]).toBeUndefined();
    expect(reached[0]?.headers['x-forwarded-for']).toBe('198.51.100.7');
  });
});

describe('requests counted for the background to give way to', () => {
  it('counts a request while it is answered, the live stream never, and a request its client left only until it left', async () => {
    const seen: Record<string, number> = {};
    let hang: (() => void) | undefined;
    const { port } = await start(async (request, response) => {
      seen[request.url ?? ''] = answeringNow();
      if (request.url === '/sidecars/api/pods?hang') await new Promise<void>((resolve) => (hang = resolve));
      response.end('ok');
    });
    await raw(port, 'GET /sidecars/pods HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await raw(port, 'GET /sidecars/api/stream?pod=a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(seen).toEqual({ '/sidecars/pods': 1, '/sidecars/api/stream?pod=a%2Fb': 0 });
    expect(answeringNow()).toBe(0);

    // The client goes away while the handler still works: counted until then, not after.
    const abandoned = raw(port, 'GET /sidecars/api/pods?hang HTTP/1.1\r\nHost: localhost\r\n\r\n', 300);
    await until(() => hang !== undefined);
    expect(answeringNow()).toBe(1);
    await abandoned;
    await until(() => answeringNow() === 0);
    hang?.();
  });
});

describe('the metrics listener', () => {
  it('forwards GET /metrics under the base path, marked as coming from the metrics port', async () => {
    const { metricsPort, reached } = await start();
    const { response } = await raw(metricsPort, 'GET /metrics HTTP/1.1\r\nHost: 10.0.0.5:9090\r\nConnection: close\r\n\r\n');
    expect(statusOf(response)).toBe(200);
    expect(reached[0]?.url).toBe('/sidecars/metrics');
    expect(reached[0]?.headers[METRICS_PORT_HEADER]).toBe(metricsPortSecret());
  });

  it.each([
    ['another path', 'GET /api/pods HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 404],
    ['a POST', 'POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', 405],
  ])('serves nothing else: %s', async (_, request, status) => {
    const { metricsPort, reached } = await start();
    expect(statusOf((await raw(metricsPort, request)).response)).toBe(status);
    expect(reached).toEqual([]);
  });
});
