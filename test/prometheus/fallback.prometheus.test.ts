/**
 * Falling back to metrics-server: unreachable, 401, missing series. The first two against local
 * stand-ins (no Prometheus needed); missing series against the real Prometheus scraping nothing
 * but the dashboard.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Hub } from '@/lib/server/hub';
import { PrometheusSource } from '@/lib/server/prometheus-source';
import { startPrometheus } from '../../scripts/prometheus.mjs';

const config = (url: string) => ({ url, headers: {}, intervalMs: 60_000, windowSeconds: 60, rateSeconds: 10, timeoutMs: 2000, maxConcurrent: 2 });
const aHub = () => new Hub({ now: Date.now, cluster: { name: 't', mode: 'demo' }, retentionMs: 1000, maxDeleted: 1, metricsHistoryMs: 60_000 });

describe('the Prometheus source falls back and says why', () => {
  it('when Prometheus is unreachable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const source = new PrometheusSource(aHub(), config(`http://127.0.0.1:${port}`), []);
    await source.poll();
    expect(source.status).toMatchObject({ state: 'fallback', reason: 'Prometheus is unreachable (ECONNREFUSED).' });
    const view = await source.podView('edge', 'gw', undefined, []);
    expect(view).toMatchObject({ source: 'metrics-server', reason: expect.stringMatching(/^Prometheus is unreachable/) });
  });

  it('when Prometheus answers 401', async () => {
    const server = createServer((_req, res) => res.writeHead(401).end('Unauthorized'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const source = new PrometheusSource(aHub(), config(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), []);
    await source.poll();
    expect(source.status).toMatchObject({ state: 'fallback', reason: expect.stringMatching(/401 Unauthorized/) });
    await new Promise((resolve) => server.close(resolve));
  });

  it('when the real Prometheus has no cAdvisor series', async () => {
    const metrics = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('sidecarscope_ready 1\n'));
    await new Promise<void>((resolve) => metrics.listen(0, '127.0.0.1', resolve));
    const prometheus = await startPrometheus({ targets: [`http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics`], interval: '1s' });
    try {
      const source = new PrometheusSource(aHub(), config(prometheus.url), []);
      await source.poll();
      expect(source.status).toMatchObject({ state: 'fallback', reason: expect.stringMatching(/no container_cpu_usage_seconds_total series/) });
      // A bad query is a query error, not a crash.
      await expect(source.client.query('sum(')).rejects.toMatchObject({ code: 'query' });
    } finally {
      await prometheus.stop();
      await new Promise((resolve) => metrics.close(resolve));
    }
  });
});
