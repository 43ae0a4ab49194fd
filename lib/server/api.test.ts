import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../k8s/clock';
import { aPod } from '../model/testing/builders';
import { getFacets, getHealthz, getMetrics, getPod, getPods, getReadyz, getStream, getSummary } from './api';
import { readConfig } from './config';
import { createRuntime, type Runtime } from './runtime';
import { withFindings } from './testing/hub-fixture';

const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
let runtime: Runtime;

beforeAll(() => {
  runtime = createRuntime(
    readConfig({ SIDECARSCOPE_MAX_STREAM_CLIENTS: '1' }),
    systemClock,
    (hub) => {
      hub.applyPodList('*', [aPod({ name: 'web-1', namespace: 'shop', ...withFindings.crashLooping })]);
      hub.setLoopStatus('pods:*', { state: 'connected' });
      return { stop: () => {} };
    },
    'test',
  );
  holder[KEY] = runtime;
});

afterAll(() => {
  runtime.stop();
  delete holder[KEY];
});

const get = (path: string) => new Request(`http://localhost${path}`);

describe('the HTTP API', () => {
  it('serves the summary, pods and facets as JSON', async () => {
    const summary = await (await getSummary()).json();
    expect(summary.pods.total).toBe(1);
    const page = await (await getPods(get('/api/pods?namespace=shop&severity=critical'))).json();
    expect(page.rows.map((r: { name: string }) => r.name)).toEqual(['web-1']);
    expect(await (await getFacets()).json()).toMatchObject({ namespaces: ['shop'] });
  });

  it('answers a bad parameter with 400 and the reason', async () => {
    const response = await getPods(get('/api/pods?limit=5000'));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad-parameter', message: expect.stringMatching(/^limit:/) } });
  });

  it('answers 404 for an unknown pod and the detail for a known one', async () => {
    expect((await getPod(get('/api/pods/shop/nope'), 'shop', 'nope')).status).toBe(404);
    const detail = await (await getPod(get('/api/pods/shop/web-1'), 'shop', 'web-1')).json();
    expect(detail.findings.map((f: { id: string }) => f.id)).toEqual(['sidecar-crashloop']);
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    expect(getHealthz().status).toBe(200);
    expect((await getReadyz()).status).toBe(200);
    const metrics = await (await getMetrics()).text();
    expect(metrics).toContain('sidecarscope_finding{id="sidecar-crashloop",severity="critical",namespace="shop",pod="web-1",container="proxy"} 1');
  });

  it('opens a stream, refuses one beyond the cap, and frees the slot on abort', async () => {
    const controller = new AbortController();
    const request = new Request('http://localhost/api/stream', { signal: controller.signal });
    const response = await getStream(request);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect((await getStream(get('/api/stream'))).status).toBe(503);
    controller.abort();
    const again = await getStream(get('/api/stream'));
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });

  it('rejects a malformed pod subscription', async () => {
    expect((await getStream(get('/api/stream?pod=nope'))).status).toBe(400);
  });
});
