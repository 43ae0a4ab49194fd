import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '..';
import { T0 } from '../testing';

let sim: SimCluster;

beforeAll(async () => {
  sim = await startSimCluster({
    manualClock: true,
    startTime: T0,
    seed: 5,
    bookmarkIntervalMs: 200,
    scenarios: ['seed-002-native-startup-probe', 'seed-003-nginx-log-processor', 'seed-001-envoy-fluentd', 'sidecar-crashloop'],
  });
  sim.engine.advance(30_000);
});
afterAll(() => sim.close());

const get = async (path: string, accept = 'application/json') => {
  const res = await fetch(`${sim.url}${path}`, { headers: { accept } });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown> & {
      items?: { metadata: { name: string; namespace: string } }[];
      metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
    },
  };
};

/** Reads watch events until `until` says stop (or the stream ends). */
async function readWatch(path: string, until: (events: { type: string; object: Record<string, unknown> }[]) => boolean, act?: () => void) {
  const controller = new AbortController();
  const res = await fetch(`${sim.url}${path}`, { signal: controller.signal });
  const events: { type: string; object: Record<string, unknown> }[] = [];
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let acted = false;
  for (;;) {
    if (!acted && act) {
      setTimeout(act, 20);
      acted = true;
    }
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    if (until(events)) break;
  }
  controller.abort();
  return { status: res.status, events };
}

describe('the simulated API server', () => {
  it('serves version and discovery documents kubectl can map', async () => {
    expect((await get('/version')).body).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\.\d+\.\d+$/) });
    expect((await get('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = (await get('/api/v1')).body as { resources: { name: string; namespaced: boolean }[] };
    expect(core.resources.map((r) => r.name).sort()).toEqual(['events', 'namespaces', 'nodes', 'pods']);
    expect((await get('/apis')).body).toMatchObject({ groups: [{ name: 'events.k8s.io' }, { name: 'metrics.k8s.io' }] });
  });

  it('serves the same events through events.k8s.io/v1 with regarding, note and reportingController', async () => {
    const core = (await get('/api/v1/namespaces/default/events')).body.items as unknown as Record<string, unknown>[];
    const v1 = (await get('/apis/events.k8s.io/v1/namespaces/default/events')).body as unknown as { apiVersion: string; items: Record<string, unknown>[] };
    expect(v1.apiVersion).toBe('events.k8s.io/v1');
    expect(v1.items).toHaveLength(core.length);
    const started = v1.items.find((e) => e.reason === 'Started');
    const regarding = (await get('/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dsidecar-demo')).body as unknown as {
      items: { regarding: { name: string } }[];
    };
    expect(regarding.items.length).toBeGreaterThan(0);
    expect(regarding.items.map((e) => e.regarding.name).filter((name) => name !== 'sidecar-demo')).toEqual([]);
    expect(started).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      reportingController: 'kubelet',
      regarding: { kind: 'Pod', fieldPath: expect.stringMatching(/^spec\.containers\{/) },
      note: expect.stringMatching(/^Started container /),
      deprecatedCount: 1,
    });
  });

  it('pages a list with limit and continue, each pod exactly once', async () => {
    const all = (await get('/api/v1/pods')).body.items ?? [];
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await get(`/api/v1/pods?limit=3${token ? `&continue=${encodeURIComponent(token)}` : ''}`)).body;
      seen.push(...(page.items ?? []).map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      token = page.metadata?.continue;
      pages++;
    } while (token);
    expect(all.length).toBeGreaterThan(5);
    expect(seen).toEqual(all.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it("reports the first page's resourceVersion on every continue page, as snapshot pages do", async () => {
    const first = (await get('/api/v1/pods?limit=3')).body;
    sim.engine.advance(5_000);
    const now = (await get('/api/v1/pods?limit=1')).body.metadata?.resourceVersion;
    const second = (await get(`/api/v1/pods?limit=3&continue=${encodeURIComponent(first.metadata?.continue ?? '')}`)).body;
    expect(now).not.toBe(first.metadata?.resourceVersion);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
  });

  it.each([
    ['fieldSelector=metadata.namespace%3Dshop', (p: Record<string, unknown>) => (p.metadata as { namespace: string }).namespace === 'shop'],
    ['fieldSelector=metadata.name%3Dsidecar-demo', (p: Record<string, unknown>) => (p.metadata as { name: string }).name === 'sidecar-demo'],
    ['fieldSelector=status.phase%21%3DRunning', (p: Record<string, unknown>) => (p.status as { phase: string }).phase !== 'Running'],
    ['fieldSelector=spec.nodeName%3Dsim-node-1', (p: Record<string, unknown>) => (p.spec as { nodeName: string }).nodeName === 'sim-node-1'],
    [
      'labelSelector=app%20in%20(myapp%2Cpayments)',
      (p: Record<string, unknown>) => ['myapp', 'payments'].includes((p.metadata as { labels: Record<string, string> }).labels.app ?? ''),
    ],
  ])('filters pods with %s', async (query, holds) => {
    const all = (await get('/api/v1/pods')).body.items as unknown as Record<string, unknown>[];
    const some = (await get(`/api/v1/pods?${query}`)).body.items as unknown as Record<string, unknown>[];
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(all.filter(holds));
  });

  it('answers 404 with a Status for a missing pod and serves an existing one', async () => {
    expect((await get('/api/v1/namespaces/default/pods/nope')).body).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
    expect((await get('/api/v1/namespaces/default/pods/sidecar-demo')).body).toMatchObject({ kind: 'Pod', metadata: { name: 'sidecar-demo' } });
  });

  it('prints a meta.k8s.io Table when kubectl asks for one', async () => {
    const { body } = await get('/api/v1/namespaces/default/pods', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    expect(body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    const table = body as unknown as { columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] };
    expect(table.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 3)).toEqual(['sidecar-demo', '2/2', 'Running']);
    expect(table.rows[0]?.object.kind).toBe('PartialObjectMetadata');
  });

  it('streams changes after a list resourceVersion', async () => {
    const rv = (await get('/api/v1/namespaces/mesh/pods')).body.metadata?.resourceVersion;
    const { events } = await readWatch(
      `/api/v1/namespaces/mesh/pods?watch=1&resourceVersion=${rv}`,
      (e) => e.length >= 2,
      () => sim.engine.advance(60_000),
    );
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.map((e) => e.type).filter((type) => !['ADDED', 'MODIFIED', 'DELETED'].includes(type))).toEqual([]);
    expect(Number((events[1]?.object.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(Number(rv));
  });

  it('sends initial events then a bookmark marked initial-events-end', async () => {
    const { events } = await readWatch(
      '/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan',
      (e) => e.some((x) => x.type === 'BOOKMARK'),
    );
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'sidecar-demo' } } });
    expect(events.at(-1)).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
  });

  it('sends periodic bookmarks when allowed', async () => {
    const rv = sim.store.resourceVersion;
    const { events } = await readWatch(`/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, (e) => e.some((x) => x.type === 'BOOKMARK'));
    expect(events.find((e) => e.type === 'BOOKMARK')?.object).toMatchObject({ kind: 'Pod', metadata: { resourceVersion: expect.any(String) } });
  });

  it('answers 410 in-stream for a compacted resourceVersion, and HTTP 410 for an expired continue token', async () => {
    const page = (await get('/api/v1/pods?limit=2')).body;
    const oldRv = page.metadata?.resourceVersion;
    sim.engine.advance(60_000);
    expect(Number(sim.store.resourceVersion)).toBeGreaterThan(Number(oldRv));
    sim.faults.compact();
    const { status, events } = await readWatch(`/api/v1/pods?watch=1&resourceVersion=${oldRv}`, (e) => e.length >= 1);
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    const expired = await get(`/api/v1/pods?limit=2&continue=${encodeURIComponent(page.metadata?.continue ?? '')}`);
    expect(expired.status).toBe(410);
  });

  it('after a restart every old resourceVersion is gone', async () => {
    const rv = sim.store.resourceVersion;
    sim.faults.restart();
    const { events } = await readWatch(`/api/v1/pods?watch=1&resourceVersion=${rv}`, (e) => e.length >= 1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    expect(Number(sim.store.resourceVersion)).toBeGreaterThan(Number(rv));
  });

  it('with a field selector, a pod that stops matching arrives as DELETED', async () => {
    const rv = (await get('/api/v1/namespaces/cronjobs/pods')).body.metadata?.resourceVersion;
    const { events } = await readWatch(
      `/api/v1/namespaces/cronjobs/pods?watch=1&resourceVersion=${rv}&fieldSelector=status.phase%3DRunning`,
      (e) => e.some((x) => x.type === 'DELETED'),
      () => sim.engine.advance(90_000),
    );
    const deleted = events.find((e) => e.type === 'DELETED');
    expect((deleted?.object.status as { phase: string }).phase).not.toBe('Running');
    expect(
      events
        .filter((e) => e.type !== 'DELETED')
        .map((e) => (e.object.status as { phase: string }).phase)
        .filter((phase) => phase !== 'Running'),
    ).toEqual([]);
  });

  it('ends a watch after timeoutSeconds', async () => {
    const { events } = await readWatch(`/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1&resourceVersion=${sim.store.resourceVersion}`, () => false);
    expect(events).toEqual([]);
  });

  it('sends nothing while watches are stalled, and resumes after', async () => {
    sim.faults.stallWatches(true);
    const stalled = await readWatch('/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1', () => false);
    expect(stalled.events).toEqual([]);
    sim.faults.stallWatches(false);
    const resumed = await readWatch('/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1', (e) => e.length > 0);
    expect(resumed.events[0]?.type).toBe('ADDED');
  });

  it('holds the changes made during a stall and delivers every one, in order, when it ends', async () => {
    const rv = sim.store.resourceVersion;
    let deliveredDuringStall = -1;
    let seen = 0;
    let finalRv = '';
    const { events } = await readWatch(
      `/api/v1/pods?watch=1&resourceVersion=${rv}`,
      (e) => {
        seen = e.length;
        return (
          finalRv !== '' && e.some((event) => event.type !== 'BOOKMARK' && (event.object.metadata as { resourceVersion: string }).resourceVersion === finalRv)
        );
      },
      () => {
        sim.faults.stallWatches(true);
        sim.engine.advance(60_000);
        const made = sim.store.changesSince(Number(rv));
        const pods = made === 'gone' ? [] : made.filter((c) => c.resource === 'pods');
        finalRv = pods[pods.length - 1]?.object.metadata.resourceVersion ?? 'none';
        setTimeout(() => {
          deliveredDuringStall = seen;
          sim.faults.stallWatches(false);
        }, 300);
      },
    );
    const changes = sim.store.changesSince(Number(rv));
    if (changes === 'gone') throw new Error('history compacted');
    const expected = changes.filter((c) => c.resource === 'pods').map((c) => `${c.type} ${c.object.metadata.resourceVersion}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(deliveredDuringStall).toBe(0);
    const delivered = events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${(e.object.metadata as { resourceVersion: string }).resourceVersion}`);
    expect(delivered).toEqual(expected);
  });

  it('drops open watches on demand', async () => {
    const rv = sim.store.resourceVersion;
    const { events } = await readWatch(
      `/api/v1/pods?watch=1&resourceVersion=${rv}`,
      () => false,
      () => sim.faults.dropWatches(),
    );
    expect(events).toEqual([]);
    expect(sim.faults.openWatches).toBe(0);
  });

  it.each([
    [403, 'Forbidden', /cannot list resource "pods" in API group "" at the cluster scope/],
    [429, 'TooManyRequests', /Too many requests/],
    [500, 'InternalError', /simulated fault/],
  ])('answers %i with a %s Status when told to, for the given number of times', async (code, reason, message) => {
    sim.faults.respond(/^\/api\/v1\/pods/, code, { times: 1, retryAfterSeconds: 2 });
    const failed = await get('/api/v1/pods');
    expect(failed.status).toBe(code);
    expect(failed.body).toMatchObject({ kind: 'Status', code, reason, message: expect.stringMatching(message) });
    if (code === 429) expect(failed.headers.get('retry-after')).toBe('2');
    expect((await get('/api/v1/pods')).status).toBe(200);
  });

  it('denies pods and events at the cluster scope only when told to, as Roles in some namespaces do', async () => {
    sim.faults.deny('pods', { clusterScopeOnly: true });
    sim.faults.deny('events', { clusterScopeOnly: true });
    try {
      for (const path of ['/api/v1/pods', '/api/v1/pods?watch=true', '/api/v1/events', '/apis/events.k8s.io/v1/events']) {
        const denied = await get(path);
        expect(denied.status).toBe(403);
        expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: expect.stringMatching(/at the cluster scope/) });
      }
      expect((await get('/api/v1/namespaces/shop/pods')).status).toBe(200);
      expect((await get('/apis/events.k8s.io/v1/namespaces/shop/events')).status).toBe(200);
    } finally {
      sim.faults.clear();
    }
  });

  it('serves PodMetrics in nanocores and Ki, and can take the metrics API away', async () => {
    sim.engine.advance(15_000);
    const list = (await get('/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods')).body as unknown as {
      items: { containers: { name: string; usage: { cpu: string; memory: string } }[] }[];
    };
    expect(list.items.length).toBe(3);
    expect(list.items[0]?.containers.map((c) => c.name).sort()).toEqual(['app', 'envoy', 'log-collector']);
    expect(list.items[0]?.containers[0]?.usage).toEqual({ cpu: expect.stringMatching(/^\d+n$/), memory: expect.stringMatching(/^\d+Ki$/) });
    sim.faults.metrics(false);
    expect((await get('/apis')).body).toMatchObject({ groups: [{ name: 'events.k8s.io' }] });
    expect(((await get('/apis')).body as { groups: unknown[] }).groups).toHaveLength(1);
    expect((await get('/apis/metrics.k8s.io/v1beta1/pods')).status).toBe(404);
    sim.faults.metrics(true);
  });

  it('injects a malformed pod into lists until told to stop', async () => {
    sim.faults.malformed();
    expect((await get('/api/v1/pods')).body.items?.map((p) => p.metadata.name)).toContain('malformed-pod');
    sim.faults.malformed(false);
    expect((await get('/api/v1/pods')).body.items?.map((p) => p.metadata.name)).not.toContain('malformed-pod');
  });

  it('is read-only: writes answer 405', async () => {
    const res = await fetch(`${sim.url}/api/v1/namespaces/default/pods`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
  });
});
