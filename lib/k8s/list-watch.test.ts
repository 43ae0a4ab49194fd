import { afterEach, describe, expect, it } from 'vitest';
import { K8sError } from './errors';
import { DEFAULT_SILENCE_MS, startListWatch, type ListWatchHandle, type ListWatchSink, type LoopStatus } from './list-watch';
import { ManualClock } from '../sim/clock';
import { FakeApi, aRawPod, settle } from './testing/fake-api';

/** A sink that mirrors the server's objects by name, as the hub does by uid. */
class Mirror implements ListWatchSink {
  readonly objects = new Map<string, unknown>();
  readonly statuses: LoopStatus[] = [];
  lists = 0;

  onList(items: unknown[]): void {
    this.lists += 1;
    this.objects.clear();
    for (const item of items) this.objects.set(nameOf(item), item);
  }

  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void {
    if (type === 'DELETED') this.objects.delete(nameOf(object));
    else this.objects.set(nameOf(object), object);
  }

  onStatus(status: LoopStatus): void {
    this.statuses.push(status);
  }

  names(): string[] {
    return [...this.objects.keys()].sort();
  }

  lastState(): string | undefined {
    return this.statuses[this.statuses.length - 1]?.state;
  }
}

/** How long a watch may stay silent before the loop restarts it (the default `silenceMs`). */
const SILENT_WATCH_MS = 120_000;

function nameOf(object: unknown): string {
  return (object as { metadata: { name: string } }).metadata.name;
}

function setup(options: { pageSize?: number; deafRelistMs?: number } = {}) {
  const api = new FakeApi();
  const clock = new ManualClock(undefined, { instantDelays: true });
  const mirror = new Mirror();
  const restarts: string[] = [];
  const silentRelists: number[] = [];
  const start = () => {
    handle = startListWatch(
      {
        transport: api,
        clock,
        path: '/api/v1/pods',
        pageSize: options.pageSize,
        deafRelistMs: options.deafRelistMs,
        onRestart: (r) => restarts.push(r),
        onSilentRelist: (n) => silentRelists.push(n),
      },
      mirror,
    );
    return handle;
  };
  return { api, clock, mirror, restarts, silentRelists, start };
}

let handle: ListWatchHandle | undefined;
afterEach(async () => {
  handle?.stop();
  await handle?.done;
  handle = undefined;
});

describe('startListWatch', () => {
  it('lists every page before watching, then applies live events', async () => {
    const { api, mirror, start } = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) api.put(aRawPod('ns', n));
    start();
    await settle();
    expect(api.calls.list).toBe(3);
    expect(mirror.names()).toEqual(['a', 'b', 'c', 'd', 'e']);
    api.put(aRawPod('ns', 'f'));
    api.remove('ns', 'a');
    expect(mirror.names()).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(mirror.lastState()).toBe('connected');
  });

  it("watches from the first page's version, so a change made while paging a server without snapshots is not lost", async () => {
    const { api, mirror, start } = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) api.put(aRawPod('ns', n, { status: { phase: 'Pending' } }));
    const list = api.list.bind(api);
    let pages = 0;
    api.list = async (path, query) => {
      const page = await list(path, query);
      pages += 1;
      if (pages === 1) api.put(aRawPod('ns', 'a', { status: { phase: 'Running' } }));
      return page;
    };
    start();
    await settle();
    expect(pages).toBe(3);
    expect(mirror.objects.get('a')).toMatchObject({ status: { phase: 'Running' } });
  });

  it('resumes a cleanly closed watch from the last resourceVersion without relisting or losing events', async () => {
    const { api, mirror, start } = setup();
    api.put(aRawPod('ns', 'a'));
    start();
    await settle();
    api.closeWatches();
    api.put(aRawPod('ns', 'b'));
    await settle();
    expect(api.calls.list).toBe(1);
    expect(api.calls.watch).toBe(2);
    expect(mirror.names()).toEqual(['a', 'b']);
  });

  it('recovers from a cut watch: reports reconnecting, backs off, and ends with the server state', async () => {
    const { api, clock, mirror, restarts, start } = setup();
    api.put(aRawPod('ns', 'a'));
    start();
    await settle();
    api.watchFailures.push(new K8sError('unreachable', 'down'));
    api.dropWatches();
    api.put(aRawPod('ns', 'b'));
    api.remove('ns', 'a');
    await settle();
    expect(mirror.statuses.map((s) => s.state)).toContain('reconnecting');
    expect(clock.delays.length).toBeGreaterThan(0);
    expect(restarts).toContain('unreachable');
    expect(mirror.names()).toEqual(['b']);
    expect(mirror.lastState()).toBe('connected');
  });

  it('relists on 410 Gone and drops what was deleted while it was away', async () => {
    const { api, mirror, restarts, start } = setup();
    api.put(aRawPod('ns', 'a'));
    api.put(aRawPod('ns', 'b'));
    start();
    await settle();
    api.stall = true;
    api.remove('ns', 'a');
    api.put(aRawPod('ns', 'c'));
    api.compact();
    api.stall = false;
    api.closeWatches();
    await settle();
    expect(restarts).toContain('gone');
    expect(mirror.lists).toBe(2);
    expect(mirror.names()).toEqual(['b', 'c']);
  });

  it('restarts a silent watch at once, and reports reconnecting when new watches get no answer', async () => {
    const { api, clock, mirror, restarts, start } = setup();
    start();
    await settle();
    api.stall = true;
    const watchesBefore = api.calls.watch;
    clock.advance(SILENT_WATCH_MS);
    await settle();
    expect(api.calls.watch).toBe(watchesBefore + 1);
    expect(mirror.lastState()).toBe('connected');
    clock.advance(SILENT_WATCH_MS);
    await settle();
    clock.advance(SILENT_WATCH_MS);
    await settle();
    expect(restarts.filter((r) => r === 'silent').length).toBe(3);
    expect(mirror.lastState()).toBe('reconnecting');
  });

  it('checks a watch the server accepted but kept quiet with a relist, and calls a cluster where nothing changed quiet', async () => {
    const { api, clock, mirror, silentRelists, start } = setup();
    api.put(aRawPod('ns', 'a'));
    start();
    await settle();
    const watchesBefore = api.calls.watch;
    for (let i = 0; i < 5; i += 1) {
      clock.advance(SILENT_WATCH_MS);
      await settle();
    }
    expect(api.calls.watch).toBe(watchesBefore + 5);
    expect(mirror.lists).toBe(6);
    expect(silentRelists).toEqual([0, 0, 0, 0, 0]);
    expect(mirror.statuses.every((s) => s.state === 'connected' && s.warning === undefined)).toBe(true);
  });

  it("waits longer than the API server's bookmark interval before calling a watch silent", async () => {
    const { api, clock, mirror, silentRelists, start } = setup();
    api.put(aRawPod('ns', 'app', { status: { restartCount: 0 } }));
    start();
    await settle();
    api.mute = true;
    api.put(aRawPod('ns', 'app', { status: { restartCount: 1 } }));
    clock.advance(DEFAULT_SILENCE_MS - 1);
    await settle();
    expect(silentRelists).toEqual([]);
    expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: 0 } });
    clock.advance(1);
    await settle();
    expect(silentRelists).toEqual([1]);
    expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: 1 } });
    expect(DEFAULT_SILENCE_MS).toBeGreaterThan(60_000);
  });

  it('says so when a watch delivers nothing while the lists change, keeps the data fresh by relisting, and recovers when events flow', async () => {
    const { api, clock, mirror, silentRelists, start } = setup({ deafRelistMs: 20_000 });
    api.put(aRawPod('ns', 'app', { status: { restartCount: 0 } }));
    start();
    await settle();
    api.mute = true;
    api.put(aRawPod('ns', 'app', { status: { restartCount: 1 } }));
    await settle();
    expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: 0 } });

    clock.advance(DEFAULT_SILENCE_MS);
    await settle();
    expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: 1 } });
    expect(silentRelists).toEqual([1]);
    expect(mirror.statuses.at(-1)).toEqual({ state: 'connected', warning: expect.stringMatching(/^watch delivers nothing: a proxy buffering the stream\?/) });

    for (let restarts = 2; restarts <= 4; restarts += 1) {
      api.put(aRawPod('ns', 'app', { status: { restartCount: restarts } }));
      clock.advance(20_000);
      await settle();
      expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: restarts } });
    }
    expect(silentRelists).toEqual([1, 1, 1, 1]);
    expect(mirror.statuses.at(-1)?.state).toBe('connected');
    expect(mirror.statuses.at(-1)).toHaveProperty('warning');

    api.mute = false;
    api.put(aRawPod('ns', 'app', { status: { restartCount: 5 } }));
    clock.advance(20_000);
    await settle();
    api.put(aRawPod('ns', 'app', { status: { restartCount: 6 } }));
    await settle();
    expect(mirror.objects.get('app')).toMatchObject({ status: { restartCount: 6 } });
    expect(mirror.statuses.at(-1)).toEqual({ state: 'connected' });
  });

  it('backs off exponentially on repeated failures, capped at 30 s', async () => {
    const { api, clock, start } = setup();
    for (let i = 0; i < 12; i += 1) api.listFailures.push(new K8sError('unreachable', 'down'));
    start();
    await settle(40);
    expect(clock.delays.length).toBeGreaterThanOrEqual(12);
    const failures = clock.delays.slice(0, 12);
    for (let i = 1; i < failures.length; i += 1) expect(failures[i]).toBeGreaterThanOrEqual(failures[i - 1] ?? 0);
    expect(Math.max(...failures)).toBeLessThanOrEqual(30_000);
    expect(Math.max(...failures)).toBeGreaterThan(10_000);
  });

  it('waits as long as a 429 asks before listing again', async () => {
    const { api, clock, start } = setup();
    api.listFailures.push(new K8sError('throttled', 'HTTP 429', { status: 429, retryAfterMs: 7_000 }));
    start();
    await settle();
    expect(clock.delays[0]).toBe(7_000);
    expect(api.calls.list).toBe(2);
  });

  it('reports forbidden and keeps retrying when nobody takes over', async () => {
    const { api, mirror, start } = setup();
    api.forbidClusterWide = true;
    start();
    await settle();
    expect(mirror.lastState()).toBe('forbidden');
    const lists = api.calls.list;
    await settle();
    expect(api.calls.list).toBeGreaterThan(lists);
  });

  it.each([
    ['list', (api: FakeApi, e: K8sError) => api.listFailures.push(e)],
    ['watch', (api: FakeApi, e: K8sError) => api.watchFailures.push(e)],
  ] as const)("names the missing rule and keeps the API server's words when %s is forbidden", async (verb, fail) => {
    const { api, mirror, start } = setup();
    const said = `pods is forbidden: User "system:serviceaccount:s:s" cannot ${verb} resource "pods" in API group "" at the cluster scope`;
    fail(api, new K8sError('forbidden', `x: HTTP 403: ${said}`, { status: 403, apiMessage: said }));
    start();
    await settle();
    const forbidden = mirror.statuses.find((s) => s.state === 'forbidden');
    expect(forbidden).toEqual({
      state: 'forbidden',
      reason: `missing RBAC permission: ${verb} pods (core) at cluster scope — grant it with the ClusterRole in deploy/ (API server: ${said})`,
    });
  });

  it('keeps the message of a 403 Status sent inside the watch stream', async () => {
    const { api, mirror, start } = setup();
    api.watch = (_path, _query, onEvent) => {
      onEvent({ type: 'ERROR', object: { kind: 'Status', code: 403, message: 'pods is forbidden: no' } });
      return Promise.resolve({ abort: () => {} });
    };
    start();
    await settle();
    expect(mirror.statuses.find((s) => s.state === 'forbidden')).toMatchObject({
      reason: expect.stringContaining(
        'watch pods (core) at cluster scope — grant it with the ClusterRole in deploy/ (API server: pods is forbidden: no)',
      ) as unknown,
    });
  });
});
