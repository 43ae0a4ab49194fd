/**
 * Context switching end to end: one kubeconfig with two contexts on two simulated clusters, the
 * real runtime (kubeconfig loading, client-node, watches) behind the route handlers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../k8s/kubeconfig';
import { createKubeTransport } from '../k8s/transport';
import { startSimCluster, type SimCluster } from '../sim';
import { getPods, getStream } from './api';
import { getContexts, postContexts } from './contexts';
import { peekRuntime, type Runtime } from './runtime';

const WAIT = { timeout: 20_000, interval: 100 };
const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
const TOKENS = ['token-of-one-0123456789', 'token-of-two-0123456789'];

let dir: string;
let kubeconfig: string;
let sims: SimCluster[] = [];

function twoContexts(urls: string[]): string {
  const names = ['one', 'two'];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((n, i) => ({ name: `cluster-${n}`, cluster: { server: urls[i], 'insecure-skip-tls-verify': true } })),
    users: names.map((n, i) => ({ name: `user-${n}`, user: { token: TOKENS[i] } })),
    contexts: names.map((n) => ({ name: n, context: { cluster: `cluster-${n}`, user: `user-${n}`, namespace: `ns-${n}` } })),
    'current-context': 'one',
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sidecarscope-contexts-'));
  sims = await Promise.all([
    startSimCluster({ port: 0, scenarios: ['sidecar-crashloop'], kubeconfigDir: join(dir, 'one') }),
    startSimCluster({ port: 0, scenarios: ['seed-002-legacy-sidecar'], kubeconfigDir: join(dir, 'two') }),
  ]);
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, twoContexts(sims.map((s) => s.url)), { mode: 0o600 });
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  peekRuntime()?.stop();
  delete holder[KEY];
  vi.unstubAllEnvs();
});

function serve(mode: 'kubeconfig' | 'demo', context?: string): void {
  vi.stubEnv('SIDECARSCOPE_MODE', mode);
  vi.stubEnv('KUBECONFIG', mode === 'demo' ? (sims[0]?.kubeconfigPath ?? '') : kubeconfig);
  vi.stubEnv('SIDECARSCOPE_CONTEXT', context ?? '');
}

async function podsOf(sim: SimCluster | undefined): Promise<string[]> {
  if (!sim) throw new Error('the simulated cluster did not start');
  const list = await createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath })).list('/api/v1/pods', {});
  return list.items.map((p) => (p as { metadata: { name: string } }).metadata.name).sort();
}

async function shownPods(): Promise<string[]> {
  const page = (await (await getPods(new Request('http://127.0.0.1:3000/api/pods?limit=500'))).json()) as { rows: { name: string }[] };
  return page.rows.map((r) => r.name).sort();
}

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1:3000/api/contexts', {
    method: 'POST',
    body,
    // An empty value in `headers` leaves that header out.
    headers: Object.entries({ 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:3000', 'Sec-Fetch-Site': 'same-origin', ...headers }).filter(
      ([, v]) => v !== '',
    ),
  });
}

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe('listing contexts', () => {
  it('lists every context of the kubeconfig by name, cluster and namespace in local mode', async () => {
    serve('kubeconfig', 'one');
    const response = await getContexts();
    expect(await response.json()).toEqual({
      current: 'one',
      switchable: true,
      contexts: [
        { name: 'one', cluster: 'cluster-one', namespace: 'ns-one' },
        { name: 'two', cluster: 'cluster-two', namespace: 'ns-two' },
      ],
    });
  });

  it('never reveals server URLs, tokens, user names or the kubeconfig path', async () => {
    serve('kubeconfig');
    const text = await (await getContexts()).text();
    for (const secret of [...sims.map((s) => s.url), ...TOKENS, 'user-one', kubeconfig, dir]) expect(text).not.toContain(secret);
  });

  it('offers only the running cluster, not switchable, in demo mode', async () => {
    serve('demo');
    const list = (await (await getContexts()).json()) as { switchable: boolean; contexts: unknown[] };
    expect(list.switchable).toBe(false);
    expect(list.contexts).toHaveLength(1);
    expect(await errorOf(await postContexts(post('{"context":"two"}')))).toMatchObject({ status: 409, code: 'not-switchable' });
  });
});

describe('switching contexts', () => {
  it("shows the second cluster's pods, and none of the first's, after a switch", async () => {
    serve('kubeconfig', 'one');
    const [first, second] = [await podsOf(sims[0]), await podsOf(sims[1])];
    expect(first.length).toBeGreaterThan(0);
    expect(first.filter((name) => second.includes(name))).toEqual([]);
    await vi.waitFor(async () => expect(await shownPods()).toEqual(await podsOf(sims[0])), WAIT);

    const response = await postContexts(post('{"context":"two"}'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ current: 'two', switchable: true });
    expect((await (await getContexts()).json()) as { current: string }).toMatchObject({ current: 'two' });
    expect((await shownPods()).filter((name) => first.includes(name))).toEqual([]);
    await vi.waitFor(async () => expect(await shownPods()).toEqual(await podsOf(sims[1])), WAIT);
  });

  it('closes the streams opened before a switch, so browsers reconnect and refetch', async () => {
    serve('kubeconfig', 'one');
    const reader = (await getStream(new Request('http://127.0.0.1:3000/api/stream'))).body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toContain('"type":"hello"');
    await postContexts(post('{"context":"two"}'));
    let read = await reader?.read();
    while (read && !read.done) read = await reader?.read();
    expect(read?.done).toBe(true);
  });

  it('answers an unknown context with 400 naming the known ones, and keeps the running cluster', async () => {
    serve('kubeconfig', 'one');
    const error = await errorOf(await postContexts(post('{"context":"three"}')));
    expect(error).toEqual({ status: 400, code: 'unknown-context', message: expect.stringContaining('Known contexts: one, two') });
    expect((await (await getContexts()).json()) as { current: string }).toMatchObject({ current: 'one' });
  });

  it.each([
    { why: 'a non-JSON content type', request: () => post('{"context":"two"}', { 'Content-Type': 'text/plain' }), status: 415 },
    { why: 'a cross-site fetch', request: () => post('{"context":"two"}', { 'Sec-Fetch-Site': 'cross-site' }), status: 403 },
    { why: 'a foreign Origin', request: () => post('{"context":"two"}', { Origin: 'http://evil.example' }), status: 403 },
    { why: 'no Origin and no Sec-Fetch-Site', request: () => post('{"context":"two"}', { Origin: '', 'Sec-Fetch-Site': '' }), status: 403 },
    { why: 'a body over 1 KiB', request: () => post(JSON.stringify({ context: 'x'.repeat(2000) })), status: 413 },
    { why: 'a body that is not JSON', request: () => post('context=two'), status: 400 },
    { why: 'an extra field', request: () => post('{"context":"two","kubeconfig":"/etc/passwd"}'), status: 400 },
    { why: 'an empty context name', request: () => post('{"context":" "}'), status: 400 },
  ])('refuses $why with $status and does not switch', async ({ request, status }) => {
    serve('kubeconfig', 'one');
    expect((await postContexts(request())).status).toBe(status);
    expect((await (await getContexts()).json()) as { current: string }).toMatchObject({ current: 'one' });
  });
});
