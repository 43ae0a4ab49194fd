import { describe, expect, it } from 'vitest';
import { parseStreamMessage, type StreamMessage } from '../model/stream';
import { eventStreamResponse, SSE_HEADERS } from './sse';
import type { StreamClient } from './stream-client';
import { StreamFanout } from './stream-fanout';
import { aHub } from './testing/hub-fixture';

function setup(limits = { maxFrames: 256, maxBytes: 1_000_000 }) {
  const fixture = aHub();
  const fanout = new StreamFanout(fixture.hub, { maxClients: 3, limits });
  return { ...fixture, fanout };
}

async function drain(client: StreamClient): Promise<StreamMessage[]> {
  const out: StreamMessage[] = [];
  while (client.queued().frames > 0) {
    const frame = await client.next();
    if (frame === undefined || frame.startsWith(':')) continue;
    const message = parseStreamMessage(frame.replace(/^data: /, '').trim());
    if (message) out.push(message);
  }
  return out;
}

describe('StreamFanout', () => {
  it('greets each client with the summary head, then sends coalesced deltas naming what changed', async () => {
    const { hub, fanout, pod } = setup();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    const client = fanout.connect();
    const [hello] = await drain(client);
    expect(hello?.type).toBe('hello');
    expect(hello).not.toHaveProperty('summary.workloads');
    expect(hello).not.toHaveProperty('summary.troubled');
    hub.applyPodEvent('ADDED', pod({ name: 'b' }));
    hub.applyPodEvent('MODIFIED', pod({ name: 'b', resourceVersion: '2', phase: 'Running' }));
    fanout.tick();
    const messages = await drain(client);
    expect(messages.map((m) => m.type)).toEqual(['delta']);
    const delta = messages[0];
    if (delta?.type !== 'delta') throw new Error('expected a delta');
    expect(delta).toMatchObject({ changed: ['uid-default-b'], removed: [], listChanged: true });
    expect(delta).not.toHaveProperty('upserts');
    expect(delta.summary?.pods.total).toBe(2);
    expect(delta.seq).toBeGreaterThan(hello?.seq ?? Infinity);
  });

  it('sends the summary at most once a second, rows on every tick', async () => {
    const { hub, clock, fanout, pod } = setup();
    const client = fanout.connect();
    await drain(client);
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    fanout.tick();
    hub.applyPodEvent('ADDED', pod({ name: 'b' }));
    fanout.tick();
    const [first, second] = await drain(client);
    expect(first).toMatchObject({ type: 'delta', summary: expect.anything() });
    expect(second).toMatchObject({ type: 'delta', changed: ['uid-default-b'] });
    expect(second).not.toHaveProperty('summary');
    fanout.tick();
    expect(await drain(client)).toEqual([]);
    clock.time += 1000;
    fanout.tick();
    const [late] = await drain(client);
    expect(late).toMatchObject({ type: 'delta', summary: expect.anything(), changed: [] });
  });

  it('says the list changed only when pods joined or left it, not when one changed in place', async () => {
    const { hub, fanout, pod } = setup();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    const client = fanout.connect();
    await drain(client);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2', phase: 'Running' }));
    fanout.tick();
    const [modified] = await drain(client);
    expect(modified).toMatchObject({ type: 'delta', changed: ['uid-default-a'], listChanged: false });
  });

  it('sends every list client the same frame, serialised once', async () => {
    const { hub, fanout, pod } = setup();
    const clients = [fanout.connect(), fanout.connect(), fanout.connect()];
    for (const c of clients) await drain(c);
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    fanout.tick();
    const frames = await Promise.all(clients.map((c) => c.next()));
    expect(new Set(frames).size).toBe(1);
    expect(frames[0]).toMatch(/^data: \{"type":"delta"/);
  });

  it('sends nothing when nothing changed', async () => {
    const { fanout } = setup();
    const client = fanout.connect();
    await drain(client);
    fanout.tick();
    fanout.tick();
    expect(await drain(client)).toEqual([]);
  });

  it('includes the subscribed pod detail only for the client following it', async () => {
    const { hub, fanout, pod } = setup();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    const following = fanout.connect('default/a');
    const other = fanout.connect();
    await drain(following);
    await drain(other);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2' }));
    fanout.tick();
    const [mine] = await drain(following);
    const [theirs] = await drain(other);
    expect(mine).toMatchObject({ type: 'delta', pod: { row: expect.anything() } });
    expect(theirs).toMatchObject({ type: 'delta' });
    expect(theirs).not.toHaveProperty('pod');
  });

  it("sends a followed pod's detail when it was derived again though its row did not change", async () => {
    const { hub, fanout, pod } = setup();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    const following = fanout.connect('default/a');
    const other = fanout.connect();
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2' }));
    fanout.tick();
    await drain(following);
    await drain(other);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '3' }));
    fanout.tick();
    expect(await drain(following)).toMatchObject([{ type: 'delta', changed: [], pod: { row: expect.anything() } }]);
    expect(await drain(other)).toEqual([]);
  });

  it('reports removed pods by uid once retention drops them', async () => {
    const { hub, clock, fanout, pod } = setup();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '2' }));
    const client = fanout.connect();
    fanout.tick();
    await drain(client);
    clock.time += 3_600_001;
    fanout.tick();
    const [delta] = await drain(client);
    expect(delta).toMatchObject({ type: 'delta', removed: ['uid-default-a'], listChanged: true });
  });

  it('tells clients when the connection state changes', async () => {
    const { hub, fanout } = setup();
    const client = fanout.connect();
    fanout.tick();
    await drain(client);
    hub.setLoopStatus('pods:*', { state: 'reconnecting', reason: 'down', failures: 1 });
    fanout.tick();
    const [message] = await drain(client);
    expect(message).toMatchObject({ type: 'status', status: { state: 'reconnecting' } });
  });

  it('bounds a slow client: its queue overflows into a single resync', async () => {
    const { hub, fanout, pod } = setup({ maxFrames: 5, maxBytes: 1_000_000 });
    const slow = fanout.connect();
    for (let i = 0; i < 50; i += 1) {
      hub.applyPodEvent('ADDED', pod({ name: `p${i}` }));
      fanout.tick();
    }
    expect(slow.queued().frames).toBeLessThanOrEqual(5);
    expect(slow.overflows).toBeGreaterThan(0);
    const messages = await drain(slow);
    expect(messages[0]?.type).toBe('resync');
  });

  it('asks clients to resync instead of sending a delta of a mass change', async () => {
    const fixture = aHub();
    const fanout = new StreamFanout(fixture.hub, { maxClients: 3, maxRowsPerDelta: 3 });
    const client = fanout.connect();
    await drain(client);
    fixture.hub.applyPodList(
      '*',
      ['a', 'b', 'c', 'd'].map((name) => fixture.pod({ name })),
    );
    fanout.tick();
    expect((await drain(client)).map((m) => m.type)).toEqual(['resync']);
  });

  it('refuses clients beyond the cap', () => {
    const { fanout } = setup();
    for (let i = 0; i < 3; i += 1) fanout.connect();
    expect(() => fanout.connect()).toThrow(/Too many live streams/);
  });
});

describe('eventStreamResponse', () => {
  it('sets headers that survive proxies and cleans up once on abort', async () => {
    const { fanout } = setup();
    const client = fanout.connect();
    const controller = new AbortController();
    let closes = 0;
    const response = eventStreamResponse(client, controller.signal, () => {
      closes += 1;
      fanout.disconnect(client);
    });
    for (const [name, value] of Object.entries(SSE_HEADERS)) expect(response.headers.get(name)).toBe(value);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: \{"type":"hello"/);
    controller.abort();
    controller.abort();
    const end = await reader?.read();
    expect(end?.done).toBe(true);
    expect(closes).toBe(1);
    expect(fanout.clients.size).toBe(0);
  });
});
