/**
 * Raw JSON requests to the API server with client-node's authentication and TLS from a kubeconfig.
 * The typed client-node APIs serialise through their model classes (dates must be `Date`s, unknown
 * fields are dropped); the writer needs the exact wire JSON the simulated kubelet produces.
 */
import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';

/** A non-2xx answer of the API server, with its Status object when it sent one. */
export class KubeRestError extends Error {
  override readonly name = 'KubeRestError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestClient {
  request(method: RestMethod, path: string, body?: unknown, contentType?: string): Promise<unknown>;
}

function statusMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  return typeof body === 'string' ? body.slice(0, 300) : '';
}

/** A {@link RestClient} for the current context of `kc`. */
export function restClient(kc: KubeConfig): RestClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/$/, '');
  return {
    async request(method, path, body, contentType = 'application/json') {
      const ctx = new RequestContext(server + path, HttpMethod[method]);
      await kc.applySecurityAuthentication(ctx);
      const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = contentType;
      const response = await fetch(ctx.getUrl(), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: ctx.getDispatcher(),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      if (!response.ok) throw new KubeRestError(response.status, parsed, `${method} ${path}: HTTP ${response.status} ${statusMessage(parsed)}`);
      return parsed;
    },
  };
}

/** True when `error` is an API answer with one of `statuses`. */
export function hasStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof KubeRestError && statuses.includes(error.status);
}
