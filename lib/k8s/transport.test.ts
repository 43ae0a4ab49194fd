import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { K8sError } from './errors';
import { createKubeTransport } from './transport';
import type { WatchEvent } from './transport-types';

const seen: { path: string; auth?: string }[] = [];
const FORBIDDEN_MESSAGE = 'pods is forbidden: User "system:serviceaccount:s:s" cannot list resource "pods" in API group "" in the namespace "secret"';

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ path: url.pathname + url.search, auth: req.headers.authorization });
  if (req.method === 'POST' && url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    return void req.on('end', () => res.end(JSON.stringify({ echoed: JSON.parse(body) as unknown, type: req.headers['content-type'] })));
  }
  if (url.pathname === '/version') return void res.end(JSON.stringify({ major: '1', minor: '31+', gitVersion: 'v1.31.4' }));
  if (url.pathname === '/api/v1/namespaces/busy/pods') {
    res.statusCode = 429;
    res.setHeader('retry-after', '3');
    return void res.end('{}');
  }
  if (url.pathname === '/api/v1/namespaces/secret/pods') {
    res.statusCode = 403;
    return void res.end(JSON.stringify({ kind: 'Status', code: 403, message: FORBIDDEN_MESSAGE }));
  }
  if (url.pathname === '/api/v1/namespaces/open/pods') {
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'kept-open' } } })}\n`);
    return;
  }
  if (url.pathname === '/api/v1/pods' && url.searchParams.get('watch') === 'true') {
    res.setHeader('content-type', 'application/json');
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'b', resourceVersion: '8' } } })}\n`);
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } })}\n`);
    return void setTimeout(() => res.end(), 20);
  }
  if (url.pathname === '/apis/metrics.k8s.io/v1beta1/pods') {
    const items = Array.from({ length: 12_000 }, (_, i) => ({
      metadata: { name: `p${i}`, namespace: 'default' },
      containers: [{ name: 'app', usage: { cpu: '1m', memory: '1Ki' } }],
    }));
    return void res.end(JSON.stringify({ kind: 'PodMetricsList', metadata: {}, items }));
  }
  if (url.pathname === '/apis/metrics.k8s.io/v1beta1/namespaces/broken/pods') return void res.end('{"kind":"PodMetricsList","items":[{"metadata":');
  if (url.pathname === '/api/v1/pods') {
    const page =
      url.searchParams.get('continue') === 'next'
        ? { items: [{ metadata: { name: 'b' } }], metadata: { resourceVersion: '7' } }
        : { items: [{ metadata: { name: 'a' } }], metadata: { resourceVersion: '7', continue: 'next' } };
    return void res.end(JSON.stringify(page));
  }
  res.statusCode = 404;
  res.end('{}');
}

let server: Server;
let kc: KubeConfig;

beforeAll(async () => {
  server = createServer(route);
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

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createKubeTransport', () => {
  it('reads JSON with the credentials of the kubeconfig', async () => {
    const body = await createKubeTransport(kc).getJson('/version');
    expect(body).toMatchObject({ gitVersion: 'v1.31.4' });
    expect(seen.find((s) => s.path === '/version')?.auth).toBe('Bearer test-token');
  });

  it('lists a page with its resourceVersion and continue token', async () => {
    const transport = createKubeTransport(kc);
    const first = await transport.list('/api/v1/pods', { limit: 1 });
    expect(first).toEqual({ items: [{ metadata: { name: 'a' } }], resourceVersion: '7', continue: 'next' });
    const second = await transport.list('/api/v1/pods', { limit: 1, continue: first.continue });
    expect(second.continue).toBeUndefined();
  });

  it("reads a large list's items in slices, with the event loop free between them", async () => {
    const transport = createKubeTransport(kc);
    const slices: number[] = [];
    let loopRan = false;
    for await (const slice of transport.listItems?.('/apis/metrics.k8s.io/v1beta1/pods', {}) ?? []) {
      if (slices.length > 0) expect(loopRan, 'the loop ran between two slices').toBe(true);
      slices.push(slice.length);
      loopRan = false;
      setImmediate(() => (loopRan = true));
    }
    expect(slices.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(slices.length).toBeGreaterThan(1);
  });

  it('turns a truncated large list into a bad-response error, not a crash', async () => {
    const read = async () => {
      for await (const slice of createKubeTransport(kc).listItems?.('/apis/metrics.k8s.io/v1beta1/namespaces/broken/pods', {}) ?? []) void slice;
    };
    await expect(read()).rejects.toBeInstanceOf(K8sError);
  });

  it('turns a 403 into a forbidden error without the server address', async () => {
    const error = await createKubeTransport(kc)
      .list('/api/v1/namespaces/secret/pods', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(K8sError);
    expect((error as K8sError).code).toBe('forbidden');
    expect((error as K8sError).message).not.toContain('127.0.0.1');
  });

  it("keeps the API server's own Status message of a 403, which names the user, verb and resource", async () => {
    const error = await createKubeTransport(kc)
      .list('/api/v1/namespaces/secret/pods', {})
      .catch((e: unknown) => e);
    expect((error as K8sError).message).toBe(`GET /api/v1/namespaces/secret/pods: HTTP 403: ${FORBIDDEN_MESSAGE}`);
  });

  it('keeps the Status message of a watch refused with 403', async () => {
    const done = await new Promise<unknown>((resolve) => void createKubeTransport(kc).watch('/api/v1/namespaces/secret/pods', {}, () => {}, resolve));
    expect(done).toMatchObject({ code: 'forbidden', status: 403, message: expect.stringContaining(FORBIDDEN_MESSAGE) as unknown });
  });

  it('passes on how long a 429 asks to wait on a watch too', async () => {
    const done = await new Promise<unknown>((resolve) => void createKubeTransport(kc).watch('/api/v1/namespaces/busy/pods', {}, () => {}, resolve));
    expect(done).toMatchObject({ code: 'throttled', retryAfterMs: 3000 });
  });

  it('stops a watch the server keeps open when aborted, without an error and without more events', async () => {
    const events: WatchEvent[] = [];
    const dones: unknown[] = [];
    let first: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (first = resolve));
    const handle = await createKubeTransport(kc).watch(
      '/api/v1/namespaces/open/pods',
      {},
      (e) => (events.push(e), first()),
      (error) => dones.push(error),
    );
    await arrived;
    handle.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(1);
    expect(dones).toEqual([undefined]);
  });

  it('posts a JSON body and reads the JSON answer', async () => {
    const transport = createKubeTransport(kc);
    const answer = await transport.postJson?.('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { kind: 'SelfSubjectAccessReview' });
    expect(answer).toEqual({ echoed: { kind: 'SelfSubjectAccessReview' }, type: 'application/json' });
  });

  it('passes on how long a 429 asks to wait', async () => {
    const error = await createKubeTransport(kc)
      .list('/api/v1/namespaces/busy/pods', {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'throttled', retryAfterMs: 3000 });
  });

  it('streams watch events, bookmarks included, then reports the close', async () => {
    const events: WatchEvent[] = [];
    const done = await new Promise<unknown>((resolve) => {
      void createKubeTransport(kc).watch('/api/v1/pods', { resourceVersion: '7', allowWatchBookmarks: true }, (e) => events.push(e), resolve);
    });
    expect(done).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(seen.map((s) => s.path).filter((path) => path.includes('watch=true'))).toContainEqual(expect.stringContaining('resourceVersion=7'));
  });

  it('reports an unreachable server as such', async () => {
    const dead = new KubeConfig();
    dead.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://127.0.0.1:1' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const error = await createKubeTransport(dead)
      .getJson('/version')
      .catch((e: unknown) => e);
    expect((error as K8sError).code).toBe('unreachable');
  });
});
