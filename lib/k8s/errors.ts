/**
 * Errors met while talking to the Kubernetes API, classified so the CLI, the hub and the HTTP layer
 * can say what went wrong without echoing tokens, kubeconfig paths or stack traces.
 *
 * Not marked `server-only`: the CLI imports it (through `checkConnection`) outside Next.js.
 */
import { isRecord } from '../model/raw';

/** Why a call to the cluster failed. */
export type K8sErrorCode =
  | 'no-kubeconfig'
  | 'unknown-context'
  | 'not-in-cluster'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'gone'
  | 'not-found'
  | 'timeout'
  | 'throttled'
  | 'bad-response'
  | 'server-error';

/** A failed Kubernetes API interaction. `status` is the HTTP status when there was a response. */
export class K8sError extends Error {
  override readonly name = 'K8sError';
  readonly code: K8sErrorCode;
  readonly status?: number;
  /** From `Retry-After` on a 429: how long the server asked us to wait. */
  readonly retryAfterMs?: number;
  /** The API server's own Status message (see {@link statusMessageOf}), when it sent one. */
  readonly apiMessage?: string;

  constructor(code: K8sErrorCode, message: string, options: { status?: number; cause?: unknown; retryAfterMs?: number; apiMessage?: string } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.apiMessage = options.apiMessage;
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

function findNetworkCode(error: unknown, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 4) return undefined;
  const code = error.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  return findNetworkCode(error.cause, depth + 1);
}

/** Maps an HTTP status of the API server to an error code. */
export function codeForStatus(status: number): K8sErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 410) return 'gone';
  if (status === 429) return 'throttled';
  if (status === 408 || status === 504) return 'timeout';
  return status >= 500 ? 'server-error' : 'bad-response';
}

const MAX_API_MESSAGE = 400;

/**
 * The `message` of a `metav1.Status` body (e.g. `pods is forbidden: User "…" cannot list resource
 * "pods" in API group "" at the cluster scope`), single-line and bounded. It names the user, verb
 * and resource, never a credential. Undefined when the body is not a Status with a message.
 */
export function statusMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessageOf(JSON.parse(body) as unknown);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(body) || body.kind !== 'Status' || typeof body.message !== 'string') return undefined;
  const line = body.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAX_API_MESSAGE ? `${line.slice(0, MAX_API_MESSAGE)}…` : line;
}

/** `Retry-After` (seconds) of a 429 answer, capped at 5 minutes; undefined otherwise. */
export function retryAfterMsOf(status: number, header: string | null | undefined): number | undefined {
  if (status !== 429) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : undefined;
}

/**
 * The error of a non-2xx answer: `what: HTTP 403: <the API's Status message>`, keeping the
 * server's own explanation and its `Retry-After`.
 */
export function httpError(what: string, status: number, body: string, retryAfter?: string | null): K8sError {
  const api = statusMessageOf(body);
  return new K8sError(codeForStatus(status), `${what}: HTTP ${status}${api ? `: ${api}` : ''}`, {
    status,
    retryAfterMs: retryAfterMsOf(status, retryAfter),
    apiMessage: api,
  });
}

/**
 * Turns whatever a request threw (undici network errors, `statusCode` errors from client-node's
 * `Watch`, abort signals) into a {@link K8sError}. The message never includes the URL.
 */
export function toK8sError(error: unknown, what: string): K8sError {
  if (error instanceof K8sError) return error;
  if (isRecord(error)) {
    const status = typeof error.statusCode === 'number' ? error.statusCode : typeof error.code === 'number' ? error.code : undefined;
    if (status !== undefined) return new K8sError(codeForStatus(status), `${what}: HTTP ${status}`, { status });
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return new K8sError('timeout', `${what}: timed out`);
  }
  const network = findNetworkCode(error);
  if (network) return new K8sError('unreachable', `${what}: cluster unreachable (${network})`, { cause: error });
  return new K8sError('unreachable', `${what}: cluster unreachable`, { cause: error });
}
