/**
 * A stand-in API server that accepts every watch and then sends nothing (no event, no bookmark,
 * never closes), while its list shows a pod restarting: the real transport (undici, the watch
 * stream) and the real loop, on an injected clock, so nothing waits for real.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SILENCE_MS, startListWatch, type ListWatchHandle, type ListWatchSink, type LoopStatus } from './list-watch';
import { ManualClock } from '../sim/clock';
import { createKubeTransport } from './transport';

let server: Server;
let kc: KubeConfig;
let lists = 0;
const openWatches = new Set<ServerResponse>();
let watchesStarted = 0;

function podAt(restarts: number) {
  return {
    metadata: { namespace: 'shop', name: 'app', uid: 'uid-app', resourceVersion: String(100 + restarts) },
    status: { containerStatuses: [{ name: 'app', restartCount: restarts }] },
  };
}

beforeEach(async () => {
  lists = 0;
  watchesStarted = 0;
  openWatches.clear();
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname !== '/api/v1/pods') {
      response.statusCode = 404;
      return void response.end('{}');
    }
    if (url.searchParams.get('watch') === 'true') {
      watchesStarted += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.flushHeaders();
      openWatches.add(response);
      response.on('close', () => openWatches.delete(response));
      return;
    }
    // The pod restarts every time anyone looks: what a real cluster did every 2 s.
    lists += 1;
    response.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: String(100 + lists) }, items: [podAt(lists)] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'test-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
});

let handle: ListWatchHandle | undefined;
afterEach(async () => {
  vi.useRealTimers();
  handle?.stop();
  await handle?.done;
  for (const response of openWatches) response.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

class Mirror implements ListWatchSink {
  restarts = -1;
  readonly statuses: LoopStatus[] = [];
  onList(items: unknown[]): void {
    this.restarts = (items[0] as ReturnType<typeof podAt>).status.containerStatuses[0]?.restartCount ?? -1;
  }
  onEvent(): void {}
  onStatus(status: LoopStatus): void {
    this.statuses.push(status);
  }
}

describe('a watch through a stand-in API server that never sends anything', () => {
  it("has one watchdog only: the stream stays open past 30 s of silence until the loop's own timer fires", async () => {
    const clock = new ManualClock();
    const mirror = new Mirror();
    // Every timer the transport sets from now on is fake: a minute of silence passes at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    handle = startListWatch({ transport: createKubeTransport(kc), clock, path: '/api/v1/pods' }, mirror);
    await vi.waitFor(() => expect(watchesStarted).toBe(1));
    await vi.advanceTimersByTimeAsync(61_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(watchesStarted).toBe(1);
    expect(openWatches.size).toBe(1);
    expect(mirror.statuses).toEqual([{ state: 'connected' }]);
  });

  it('relists after the silence, shows the restarts the watch never delivered, says so in the status, and keeps relisting', async () => {
    const clock = new ManualClock();
    const mirror = new Mirror();
    const undelivered: number[] = [];
    handle = startListWatch({ transport: createKubeTransport(kc), clock, path: '/api/v1/pods', onSilentRelist: (n) => undelivered.push(n) }, mirror);
    await vi.waitFor(() => expect(watchesStarted).toBe(1));
    expect(mirror.restarts).toBe(1);

    for (let round = 2; round <= 4; round += 1) {
      clock.advance(DEFAULT_SILENCE_MS);
      await vi.waitFor(() => expect(mirror.restarts).toBe(round));
      await vi.waitFor(() => expect(watchesStarted).toBe(round));
    }
    expect(undelivered).toEqual([1, 1, 1]);
    const last = mirror.statuses.at(-1);
    expect(last?.state).toBe('connected');
    expect(last && 'warning' in last ? last.warning : '').toMatch(/^watch delivers nothing: a proxy buffering the stream\?/);
    // The abandoned watches were closed, not leaked.
    await vi.waitFor(() => expect(openWatches.size).toBe(1));
  });
});
