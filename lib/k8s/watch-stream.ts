/**
 * A watch over undici, in place of client-node's `Watch`, which turns a non-200 answer into
 * `new Error(statusText)` and drops the body and headers: the API's own Status message (who may
 * not do what) and a 429's `Retry-After` are kept here.
 *
 * No timer of its own: client-node's `watch.js` ends a watch after 30 s without data, which is
 * shorter than kube-apiserver's bookmark interval (about 60 s) and fired before the loop's
 * watchdog could tell a quiet cluster from a deaf watch. The one watchdog is in ./list-watch.ts,
 * on the injected clock (undici's 300 s body timeout stays an outer bound).
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { httpError, toK8sError } from './errors';
import type { WatchEvent, WatchHandle } from './transport-types';

function isWatchEvent(type: unknown): type is WatchEvent['type'] {
  return type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK' || type === 'ERROR';
}

function parseLine(line: string): WatchEvent | undefined {
  try {
    const data = JSON.parse(line) as { type?: unknown; object?: unknown };
    return isWatchEvent(data.type) ? { type: data.type, object: data.object } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens a watch on `url` (already carrying the query); `path` names it in errors (never the
 * server's address). The contract is `KubeTransport.watch`.
 */
export async function openWatch(
  kc: KubeConfig,
  path: string,
  url: URL,
  onEvent: (event: WatchEvent) => void,
  onDone: (error?: unknown) => void,
): Promise<WatchHandle> {
  const what = `WATCH ${path}`;
  const controller = new AbortController();
  let finished = false;
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    controller.abort();
    onDone(error === undefined ? undefined : toK8sError(error, what));
  };
  try {
    url.searchParams.set('watch', 'true');
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await kc.applySecurityAuthentication(ctx);
    const response = await fetch(ctx.getUrl(), {
      headers: { ...ctx.getHeaders(), accept: 'application/json' },
      dispatcher: ctx.getDispatcher(),
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) {
      const body = await response.text().catch(() => '');
      throw httpError(what, response.status, body, response.headers.get('retry-after'));
    }
    const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    stream.on('error', (error: unknown) => finish(finished || controller.signal.aborted ? undefined : error));
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const event = finished ? undefined : parseLine(line);
      if (event) onEvent(event);
    });
    // Node 24's readline re-emits the input's error on the interface: without a listener an
    // aborted watch becomes an uncaught AbortError.
    lines.on('error', (error: unknown) => finish(finished || controller.signal.aborted ? undefined : error));
    lines.on('close', () => finish());
  } catch (error) {
    finish(error);
  }
  return { abort: () => finish() };
}
