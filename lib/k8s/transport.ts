/**
 * The narrow door to the API server: GET a JSON document, list a page, or open a watch. Raw JSON
 * objects come out (never client-node's model classes, whose dates are `Date`s); `lib/model`
 * turns them into digests. An interface so the watch loop can be tested against an in-memory fake.
 *
 * Not marked `server-only`: the CLI's connection check uses it outside Next.js.
 */
import { HttpMethod, RequestContext, Watch, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { K8sError, codeForStatus, toK8sError } from './errors';
import type { KubeTransport, ListPage, Query, WatchEvent, WatchHandle } from './transport-types';

function buildUrl(kc: KubeConfig, path: string, query: Query): string {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new K8sError('unknown-context', 'No current cluster in the kubeconfig.');
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

async function getJson(kc: KubeConfig, path: string, query: Query, signal?: AbortSignal): Promise<unknown> {
  const what = `GET ${path.split('?')[0]}`;
  try {
    const ctx = new RequestContext(buildUrl(kc, path, query), HttpMethod.GET);
    await kc.applySecurityAuthentication(ctx);
    const timeout = AbortSignal.timeout(30_000);
    const response = await fetch(ctx.getUrl(), {
      headers: { ...ctx.getHeaders(), accept: 'application/json' },
      dispatcher: ctx.getDispatcher(),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryAfterMs = response.status === 429 && retryAfter > 0 ? Math.min(retryAfter, 300) * 1000 : undefined;
      throw new K8sError(codeForStatus(response.status), `${what}: HTTP ${response.status}`, { status: response.status, retryAfterMs });
    }
    return await response.json();
  } catch (error) {
    throw toK8sError(error, what);
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

function isWatchEvent(type: unknown): type is WatchEvent['type'] {
  return type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK' || type === 'ERROR';
}

/** A {@link KubeTransport} over client-node's authentication and `Watch`. */
export function createKubeTransport(kc: KubeConfig): KubeTransport {
  const watcher = new Watch(kc);
  return {
    getJson: (path, query = {}, signal) => getJson(kc, path, query, signal),
    list: async (path, query, signal) => toListPage(await getJson(kc, path, query, signal)),
    async watch(path, query, onEvent, onDone): Promise<WatchHandle> {
      const controller = await watcher.watch(
        path,
        query,
        (type: string, object: unknown) => {
          if (isWatchEvent(type)) onEvent({ type, object });
        },
        (err: unknown) => onDone(err ? toK8sError(err, `WATCH ${path}`) : undefined),
      );
      return { abort: () => controller.abort() };
    },
  };
}
