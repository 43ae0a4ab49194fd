import { describe, expect, it } from 'vitest';
import { createPrometheusClient, PrometheusError } from './client';
import type { HttpCall, HttpTransport } from './transport';

const vector = (value: string) =>
  JSON.stringify({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: { namespace: 'edge', pod: 'p', container: 'c' }, value: [1700000000.5, value] }] },
  });

function replying(status: number, body: string, calls: HttpCall[] = []): HttpTransport {
  return async (call) => {
    calls.push(call);
    return { status, body };
  };
}

describe('the Prometheus client', () => {
  it('POSTs the query with the configured headers and parses the vector', async () => {
    const calls: HttpCall[] = [];
    const client = createPrometheusClient({
      url: 'http://prom:9090/prefix/',
      headers: () => ({ 'X-Scope-OrgID': 'tenant-a', Authorization: 'Bearer t0ken' }),
      transport: replying(200, vector('0.25'), calls),
    });
    const result = await client.query('up', 1_700_000_000_000);
    expect(result).toEqual([{ labels: { namespace: 'edge', pod: 'p', container: 'c' }, at: 1_700_000_000_500, value: 0.25 }]);
    expect(calls[0]?.url).toBe('http://prom:9090/prefix/api/v1/query');
    expect(new URLSearchParams(calls[0]?.body).get('query')).toBe('up');
    expect(new URLSearchParams(calls[0]?.body).get('time')).toBe('1700000000.000');
    expect(calls[0]?.headers).toMatchObject({
      'X-Scope-OrgID': 'tenant-a',
      Authorization: 'Bearer t0ken',
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(client.counts.get('success')).toBe(1);
  });

  it.each([
    [401, '{}', 'unauthorized'],
    [403, '{}', 'forbidden'],
    [400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }), 'query'],
    [502, '<html>bad gateway</html>', 'bad-response'],
    [200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":"x"}]}}', 'bad-response'],
  ])('turns HTTP %i into a %s error whose message carries no credentials', async (status, body, code) => {
    const client = createPrometheusClient({ url: 'http://prom', headers: () => ({ Authorization: 'Bearer s3cret' }), transport: replying(status, body) });
    const error = await client.query('up').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect((error as PrometheusError).code).toBe(code);
    expect((error as PrometheusError).message).not.toContain('s3cret');
    expect(client.counts.get(code)).toBe(1);
  });

  it('reports an unreachable server and a timeout as such', async () => {
    const refused = createPrometheusClient({
      url: 'http://prom',
      transport: async () => Promise.reject(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    });
    await expect(refused.query('up')).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
    const slow = createPrometheusClient({ url: 'http://prom', transport: async () => Promise.reject(Object.assign(new Error('t'), { name: 'TimeoutError' })) });
    await expect(slow.query('up')).rejects.toMatchObject({ code: 'timeout' });
  });

  it('runs at most maxConcurrent calls and refuses beyond maxQueued instead of piling up', async () => {
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const transport: HttpTransport = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
      return { status: 200, body: vector('1') };
    };
    const client = createPrometheusClient({ url: 'http://prom', maxConcurrent: 2, maxQueued: 3, transport });
    const calls = Array.from({ length: 6 }, () =>
      client.query('up').then(
        () => 'ok',
        (e: PrometheusError) => e.code,
      ),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(running).toBe(2);
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(calls)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'overloaded']);
    expect(peak).toBe(2);
  });

  it('parses a range matrix, keeping NaN and +Inf as numbers', async () => {
    const body = JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { container: 'c' },
            values: [
              [10, '1'],
              [20, 'NaN'],
              [30, '+Inf'],
            ],
          },
        ],
      },
    });
    const client = createPrometheusClient({ url: 'http://prom', transport: replying(200, body) });
    const [series] = await client.queryRange('x', 10_000, 30_000, 10);
    expect(series?.points.map((p) => p.value)).toEqual([1, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(series?.points.map((p) => p.at)).toEqual([10_000, 20_000, 30_000]);
  });
});
