/**
 * The narrow door to the API server: GET a JSON document, list a page, or open a watch. Raw JSON
 * objects come out (never client-node's model classes, whose dates are `Date`s); `lib/model`
 * turns them into digests. An interface so the watch loop can be tested against an in-memory fake.
 *
 * Not marked `server-only`: the CLI's connection check uses it outside Next.js.
 */
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { K8sError, httpError, toK8sError } from './errors';
import type { KubeTransport, ListPage, Query } from './transport-types';
import { listItemSlices } from './list-items';
import { openWatch } from './watch-stream';
import { giveWay } from '../server/foreground';

function buildUrl(kc: KubeConfig, path: string, query: Query): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new K8sError('unknown-context', 'No current cluster in the kubeconfig.');
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

/** One JSON request; a non-2xx answer throws a {@link K8sError} that keeps the API's Status message. */
async function requestJson(kc: KubeConfig, method: 'GET' | 'POST', path: string, query: Query, body?: unknown, signal?: AbortSignal): Promise<unknown> {
  const what = `${method} ${path.split('?')[0]}`;
  try {
    return await (await sendJsonRequest(kc, method, path, query, body, signal)).json();
  } catch (error) {
    throw toK8sError(error, what);
  }
}

/**
 * A list's items in slices, each item parsed on its own and the loop free between slices
 * ({@link listItemSlices}; after the requests being answered, lib/server/foreground.ts): for lists
 * too large for one `JSON.parse` (PodMetrics of every pod).
 */
async function* requestListItems(kc: KubeConfig, path: string, query: Query, signal?: AbortSignal): AsyncGenerator<unknown[]> {
  const what = `GET ${path.split('?')[0]}`;
  let slices: Generator<unknown[]>;
  try {
    slices = listItemSlices(await (await sendJsonRequest(kc, 'GET', path, query, undefined, signal)).text());
  } catch (error) {
    throw toK8sError(error, what);
  }
  for (let first = true; ; first = false) {
    if (!first) await giveWay();
    let next: IteratorResult<unknown[]>;
    try {
      next = slices.next();
    } catch (error) {
      throw toK8sError(error, what);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** Sends one request accepting JSON; a non-2xx answer throws (the caller names it). */
async function sendJsonRequest(kc: KubeConfig, method: 'GET' | 'POST', path: string, query: Query, body?: unknown, signal?: AbortSignal) {
  const ctx = new RequestContext(buildUrl(kc, path, query), method === 'GET' ? HttpMethod.GET : HttpMethod.POST);
  await kc.applySecurityAuthentication(ctx);
  const timeout = AbortSignal.timeout(30_000);
  const response = await fetch(ctx.getUrl(), {
    method,
    headers: { ...ctx.getHeaders(), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: ctx.getDispatcher(),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!response.ok) {
    const what = `${method} ${path.split('?')[0]}`;
    throw httpError(what, response.status, await response.text().catch(() => ''), response.headers.get('retry-after'));
  }
  return response;
}

/**
 * One plain-text GET (pod logs), reading at most `maxBytes` of the body: a server that ignores
 * `limitBytes` cannot make us hold more.
 */
async function requestText(kc: KubeConfig, path: string, query: Query, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; truncated: boolean }> {
  const what = `GET ${path.split('?')[0]}`;
  try {
    const ctx = new RequestContext(buildUrl(kc, path, query), HttpMethod.GET);
    await kc.applySecurityAuthentication(ctx);
    const timeout = AbortSignal.timeout(15_000);
    const response = await fetch(ctx.getUrl(), {
      method: 'GET',
      headers: { ...ctx.getHeaders(), accept: 'text/plain, */*' },
      dispatcher: ctx.getDispatcher(),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) throw httpError(what, response.status, await response.text().catch(() => ''), response.headers.get('retry-after'));
    return await readBounded(response.body, maxBytes);
  } catch (error) {
    throw toK8sError(error, what);
  }
}

interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

async function readBounded(body: { getReader(): ByteReader } | null, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const text = () => Buffer.concat(chunks).toString('utf8');
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) return { text: text(), truncated: false };
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      await reader.cancel().catch(() => undefined);
      return { text: text(), truncated: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
}

function toListPage(body: unknown): ListPage {
  if (typeof body !== 'object' || body === null) throw new K8sError('bad-response', 'list: not a JSON object');
  const record = body as { items?: unknown; metadata?: { resourceVersion?: unknown; continue?: unknown } };
  const items = Array.isArray(record.items) ? record.items : [];
  const rv = record.metadata?.resourceVersion;
  const cont = record.metadata?.continue;
  return {
    items,
    resourceVersion: typeof rv === 'string' ? rv : '',
    continue: typeof cont === 'string' && cont !== '' ? cont : undefined,
  };
}

/** A {@link KubeTransport} over client-node's authentication and undici. */
export function createKubeTransport(kc: KubeConfig): KubeTransport {
  return {
    getJson: (path, query = {}, signal) => requestJson(kc, 'GET', path, query, undefined, signal),
    postJson: (path, body, signal) => requestJson(kc, 'POST', path, {}, body, signal),
    getText: (path, query, maxBytes, signal) => requestText(kc, path, query, maxBytes, signal),
    list: async (path, query, signal) => toListPage(await requestJson(kc, 'GET', path, query, undefined, signal)),
    listItems: (path, query, signal) => requestListItems(kc, path, query, signal),
    watch: async (path, query, onEvent, onDone) => openWatch(kc, path, new URL(buildUrl(kc, path, query)), onEvent, onDone),
  };
}
