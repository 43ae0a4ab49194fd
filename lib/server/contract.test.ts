/**
 * The contract (`lib/model/contract.ts`) against what the server really sends: every endpoint,
 * served by the route handlers from a hub fed by the simulated cluster (every scenario, run for
 * ten minutes of sim time so pods crash-loop, get OOM-killed, shut down and are deleted), parsed
 * with the schema the browser uses. zod drops keys its schema does not know, so any field the
 * server sends and the browser would lose makes the parsed value differ from the raw JSON.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { GET as getContexts } from '../../app/api/contexts/route';
import { GET as getFacets } from '../../app/api/facets/route';
import { GET as getPodLogs } from '../../app/api/pods/[namespace]/[name]/logs/route';
import { GET as getPodPrometheus } from '../../app/api/pods/[namespace]/[name]/prometheus/route';
import { GET as getPod } from '../../app/api/pods/[namespace]/[name]/route';
import { GET as getPods } from '../../app/api/pods/route';
import { GET as getStream } from '../../app/api/stream/route';
import { GET as getRightSizing } from '../../app/api/right-sizing/route';
import { GET as getSummaryHead } from '../../app/api/summary/head/route';
import { GET as getSummary } from '../../app/api/summary/route';
import { GET as getWorkload } from '../../app/api/workloads/[namespace]/[kind]/[name]/route';
import { systemClock, type Clock } from '../k8s/clock';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import { ENDPOINTS } from '../model/contract';
import type { StreamMessage } from '../model/stream';
import type { PodDetail, PodPage } from '../model/views';
import { startSimCluster, type SimCluster } from '../sim';
import { readConfig } from './config';
import { startLiveSource } from './live-source';
import { createRuntime, type Runtime } from './runtime';

const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
const BASE = 'http://dash.test';
const WAIT = { timeout: 20_000, interval: 50 };

let sim: SimCluster;
let runtime: Runtime;

/** The raw body, and the browser's parse of it (`undefined` when it does not parse at all). */
async function served<S extends z.ZodType>(schema: S, response: Response): Promise<{ raw: unknown; parsed: unknown }> {
  expect(response.status, await response.clone().text()).toBe(200);
  const raw: unknown = await response.json();
  const result = schema.safeParse(raw);
  expect(result.error?.issues, 'the browser cannot parse it').toBeUndefined();
  return { raw, parsed: result.data };
}

const detailOf = (namespace: string, name: string, uid?: string) =>
  getPod(new Request(`${BASE}/api/pods/${namespace}/${name}${uid ? `?uid=${uid}` : ''}`), { params: Promise.resolve({ namespace, name }) });

/** Reads `data:` frames from an event stream until `done` says enough, then cancels it. */
async function readFrames(response: Response, done: (messages: unknown[]) => boolean): Promise<unknown[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('the stream has no body');
  const messages: unknown[] = [];
  let buffer = '';
  while (!done(messages)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += new TextDecoder().decode(value);
    const frames = buffer.split('\n\n');
    buffer = frames.pop() ?? '';
    for (const frame of frames) if (frame.startsWith('data: ')) messages.push(JSON.parse(frame.slice('data: '.length)));
  }
  await reader.cancel();
  return messages;
}

/** Pods of the cluster the hub does not hold at their current resourceVersion. */
function unsyncedPods(): string[] {
  return sim.store
    .list('pods')
    .filter((p) => runtime.hub.pod(String(p.metadata.uid))?.digest.resourceVersion !== String(p.metadata.resourceVersion))
    .map((p) => `${String(p.metadata.namespace)}/${String(p.metadata.name)}`);
}

beforeAll(async () => {
  sim = await startSimCluster({ manualClock: true, bookmarkIntervalMs: 200 });
  const transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
  const clock: Clock = { ...systemClock, now: () => sim.engine.now() };
  runtime = createRuntime(
    readConfig({ SIDECARSCOPE_MODE: 'demo' }),
    clock,
    (hub) => startLiveSource(hub, { transport, clock, namespaces: [], metricsIntervalMs: 100 }),
    'sim',
  );
  holder[KEY] = runtime;
  await vi.waitFor(() => expect(runtime.hub.isReady()).toBe(true), WAIT);
  for (let minute = 0; minute < 10; minute++) {
    for (let s = 0; s < 60; s += 5) sim.engine.advance(5_000);
    await vi.waitFor(() => expect(unsyncedPods()).toEqual([]), WAIT);
  }
  await vi.waitFor(() => expect(runtime.hub.metrics.available).toBe(true), WAIT);
}, 120_000);

afterAll(async () => {
  runtime.stop();
  delete holder[KEY];
  await sim.close();
});

describe('what the server sends is what the browser reads', () => {
  it('GET /api/summary', async () => {
    const { raw, parsed } = await served(ENDPOINTS['/api/summary'], await getSummary());
    expect(parsed).toEqual(raw);
  });

  it('GET /api/summary/head: the summary without its long lists', async () => {
    const { raw, parsed } = await served(ENDPOINTS['/api/summary/head'], await getSummaryHead());
    expect(parsed).toEqual(raw);
    expect(raw).not.toHaveProperty('workloads');
    expect(raw).toMatchObject({ pods: { total: expect.any(Number) } });
  });

  it('GET /api/pods, with and without filters', async () => {
    for (const query of ['', '?sort=-findings&limit=1000', '?kind=native-sidecar', '?severity=critical']) {
      const { raw, parsed } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods${query}`)));
      expect(parsed, query).toEqual(raw);
    }
  });

  it('GET /api/pods/{namespace}/{name} for every pod, live or deleted', async () => {
    const { raw } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods?limit=1000`)));
    const rows = (raw as PodPage).rows;
    expect(
      rows.some((r) => r.deleted),
      'no deleted pod was retained to check',
    ).toBe(true);
    const details: PodDetail[] = [];
    for (const row of rows) {
      const { raw: detail, parsed } = await served(ENDPOINTS['/api/pods/{namespace}/{name}'], await detailOf(row.namespace, row.name, row.uid));
      expect(parsed, `${row.namespace}/${row.name}`).toEqual(detail);
      details.push(detail as PodDetail);
    }
    // The run reached the optional parts of a detail, so their schemas were checked too.
    expect(
      details.some((d) => d.lifecycle.shutdownOrder !== undefined),
      'no pod shut down',
    ).toBe(true);
    expect(
      details.some((d) => d.events.length > 0),
      'no pod had events',
    ).toBe(true);
    expect(
      details.some((d) => d.metrics.some((m) => m.points.length > 0)),
      'no pod had metrics',
    ).toBe(true);
    expect(
      details.some((d) => Object.values(d.digest.statuses).some((s) => s.lastState?.state === 'terminated')),
      'no container restarted',
    ).toBe(true);
  });

  it('GET /api/workloads/{namespace}/{kind}/{name} for every workload', async () => {
    const { raw } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods?limit=1000`)));
    const workloads = new Map((raw as PodPage).rows.map((r) => [`${r.namespace}/${r.workload.kind}/${r.workload.name}`, r]));
    expect(workloads.size, 'no workloads to check').toBeGreaterThan(3);
    for (const [key, row] of workloads) {
      const { kind, name } = row.workload;
      const response = await getWorkload(new Request(`${BASE}/api/workloads/${key}`), { params: Promise.resolve({ namespace: row.namespace, kind, name }) });
      const { raw: detail, parsed } = await served(ENDPOINTS['/api/workloads/{namespace}/{kind}/{name}'], response);
      expect(parsed, key).toEqual(detail);
    }
  });

  it('GET /api/pods/{namespace}/{name}/logs with logs off', async () => {
    const { raw } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods?limit=1`)));
    const row = (raw as PodPage).rows[0];
    if (!row) throw new Error('no pod to ask for logs');
    const container = row.containers[0]?.name ?? '';
    const response = await getPodLogs(new Request(`${BASE}/api/pods/${row.namespace}/${row.name}/logs?container=${container}`), {
      params: Promise.resolve({ namespace: row.namespace, name: row.name }),
    });
    const { raw: tail, parsed } = await served(ENDPOINTS['/api/pods/{namespace}/{name}/logs'], response);
    expect(parsed).toEqual(tail);
    expect(tail).toMatchObject({ enabled: false });
  });

  it('GET /api/pods/{namespace}/{name}/prometheus without a Prometheus: the metrics-server fallback', async () => {
    const { raw } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods?limit=1`)));
    const row = (raw as PodPage).rows[0];
    if (!row) throw new Error('no pod to ask for');
    const response = await getPodPrometheus(new Request(`${BASE}/api/pods/${row.namespace}/${row.name}/prometheus`), {
      params: Promise.resolve({ namespace: row.namespace, name: row.name }),
    });
    const { raw: view, parsed } = await served(ENDPOINTS['/api/pods/{namespace}/{name}/prometheus'], response);
    expect(parsed).toEqual(view);
    expect(view).toMatchObject({ source: 'metrics-server' });
  });

  it('GET /api/right-sizing without a Prometheus: an empty report that says why', async () => {
    const { raw, parsed } = await served(ENDPOINTS['/api/right-sizing'], await getRightSizing(new Request(`${BASE}/api/right-sizing?window=1d`)));
    expect(parsed).toEqual(raw);
    expect(raw).toMatchObject({ rows: [], unavailable: expect.stringContaining('Prometheus') });
  });

  it('GET /api/facets', async () => {
    const { raw, parsed } = await served(ENDPOINTS['/api/facets'], await getFacets());
    expect(parsed).toEqual(raw);
  });

  it('GET /api/contexts', async () => {
    const { raw, parsed } = await served(ENDPOINTS['/api/contexts'], await getContexts());
    expect(parsed).toEqual(raw);
  });

  it('GET /api/stream: hello, deltas naming changed pods, summary and the subscribed pod', async () => {
    const { raw: page } = await served(ENDPOINTS['/api/pods'], await getPods(new Request(`${BASE}/api/pods?namespace=mesh`)));
    const [pod] = (page as PodPage).rows;
    if (!pod) throw new Error('the simulated cluster has no pod in mesh');
    const controller = new AbortController();
    const response = await getStream(new Request(`${BASE}/api/stream?pod=mesh/${pod.name}`, { signal: controller.signal }));
    const advancing = setInterval(() => sim.engine.advance(1_000), 20);
    const hasAll = (messages: unknown[]) => {
      const deltas = (messages as StreamMessage[]).filter((m) => m.type === 'delta');
      return deltas.some((d) => d.summary) && deltas.some((d) => d.pod) && deltas.some((d) => d.changed.length > 0);
    };
    try {
      const messages = await readFrames(response, hasAll);
      expect(hasAll(messages), 'the stream ended before sending a summary, a pod and changed uids').toBe(true);
      for (const message of messages) expect(ENDPOINTS['/api/stream'].parse(message)).toEqual(message);
    } finally {
      clearInterval(advancing);
      controller.abort();
    }
  }, 30_000);

  it("a degraded status (the events grant missing) in the summary and the stream's hello", async () => {
    sim.faults.deny('events');
    sim.faults.dropWatches({ abrupt: true });
    await vi.waitFor(
      async () => expect((await (await getSummary()).json()).status).toMatchObject({ state: 'connected', reason: expect.stringContaining('events') }),
      WAIT,
    );
    const { raw, parsed } = await served(ENDPOINTS['/api/summary'], await getSummary());
    expect(parsed).toEqual(raw);
    const controller = new AbortController();
    const [hello] = await readFrames(await getStream(new Request(`${BASE}/api/stream`, { signal: controller.signal })), (messages) => messages.length > 0);
    controller.abort();
    expect(hello).toMatchObject({ type: 'hello', status: { reason: expect.stringContaining('events') } });
    expect(ENDPOINTS['/api/stream'].parse(hello)).toEqual(hello);
  });
});
