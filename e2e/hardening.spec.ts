import { expect, test } from '@playwright/test';
import { openStream, rawRequest } from './support/raw-http';

/**
 * The adversarial probes of issue 18 against the real server (the demo, local mode, no token):
 * DNS rebinding, methods, bodies, headers on Next's own answers, forged X-Forwarded-For.
 */
const PORT = Number(process.env.SIDECARSCOPE_E2E_PORT ?? 3100);
const get = (path: string, host = `127.0.0.1:${PORT}`, extra: string[] = []) =>
  rawRequest(PORT, [`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...extra]);

test.describe('local mode under a hostile look', () => {
  test('serves its own names and refuses a rebound one, on reads and on the context switch', async () => {
    expect((await get('/api/pods?limit=1')).status).toBe(200);
    expect((await get('/api/pods?limit=1', `localhost:${PORT}`)).status).toBe(200);
    expect((await get('/api/pods?limit=1', `[::1]:${PORT}`)).status).toBe(200);
    for (const path of ['/api/pods?limit=1', '/api/contexts', '/api/summary', '/']) {
      const answer = await get(path, `rebind.evil.example:${PORT}`);
      expect(answer.status, path).toBe(421);
      expect(answer.body).not.toContain('"items"');
    }
    const body = JSON.stringify({ context: 'other' });
    const post = await rawRequest(
      PORT,
      [
        'POST /api/contexts HTTP/1.1',
        `Host: rebind.evil.example:${PORT}`,
        `Origin: http://rebind.evil.example:${PORT}`,
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        'Connection: close',
      ],
      body,
    );
    expect(post.status).toBe(421);
  });

  test('answers TRACE and unknown methods 405, with the security headers', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'PUT']) {
      const answer = await rawRequest(PORT, [`${method} / HTTP/1.1`, `Host: 127.0.0.1:${PORT}`, 'Connection: close']);
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
  });

  test('refuses a declared 99 MB body at once and closes, and a GET with a chunked body', async () => {
    const big = await rawRequest(
      PORT,
      ['POST /api/contexts HTTP/1.1', `Host: 127.0.0.1:${PORT}`, 'Content-Type: application/json', 'Content-Length: 99999999'],
      '{"context":"',
      10_000,
    );
    expect(big.status).toBe(413);
    expect(big.closed).toBe(true);
    const chunked = await rawRequest(
      PORT,
      ['GET /api/pods?limit=1 HTTP/1.1', `Host: 127.0.0.1:${PORT}`, 'Transfer-Encoding: chunked', 'Connection: close'],
      '5\r\nhello\r\n0\r\n\r\n',
    );
    expect(chunked.status).toBe(400);
  });

  test("puts the security headers on Next's own 404s, /favicon.ico included", async () => {
    for (const path of ['/favicon.ico', '/no-such-page', '/_next/static/no-such-chunk.js']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  test('counts streams by the TCP peer: random X-Forwarded-For values do not take every slot', async () => {
    const streams = [];
    try {
      for (let i = 0; i < 21; i += 1) {
        streams.push(
          await openStream(PORT, ['GET /api/stream HTTP/1.1', `Host: 127.0.0.1:${PORT}`, 'Accept: text/event-stream', `X-Forwarded-For: 10.${i}.${i}.${i}`]),
        );
      }
      expect(streams.slice(0, 20).map((s) => s.status)).toEqual(Array(20).fill(200));
      expect(streams[20]?.status).toBe(429);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
