/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), which
 * Thanos, Mimir and VictoriaMetrics serve too. Every call has a timeout; at most `maxConcurrent`
 * run at once and at most `maxQueued` wait, so a slow Prometheus never slows a page or grows
 * memory: beyond that a call fails at once (`overloaded`) and the caller falls back. Replies are
 * parsed with zod. Credentials (the bearer token file, extra headers) are sent, never logged or
 * put into error messages.
 */
import 'server-only';
import { parsePrometheusReply, type InstantSample, type RangeSeries } from './reply';
import { createHttpTransport, type HttpTransport } from './transport';

export type PrometheusErrorCode = 'unreachable' | 'unauthorized' | 'forbidden' | 'timeout' | 'query' | 'bad-response' | 'overloaded';

/** A failed Prometheus call; `message` is safe to show (no token, no header value). */
export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
  constructor(
    readonly code: PrometheusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prometheus-operated.monitoring:9090` or a Mimir `/prometheus` prefix. */
  url: string;
  timeoutMs?: number;
  maxConcurrent?: number;
  maxQueued?: number;
  /** Builds the request headers (bearer token, tenant header); read per call so rotated tokens work. */
  headers?: () => Record<string, string>;
  transport?: HttpTransport;
}

export interface PrometheusClient {
  /** An instant query at `atMs` (default: the server's now). */
  query(promql: string, atMs?: number): Promise<InstantSample[]>;
  /** A range query; times in ms, step in seconds. */
  queryRange(promql: string, startMs: number, endMs: number, stepSeconds: number): Promise<RangeSeries[]>;
  /** Calls made and failed, per outcome, for `/metrics`. */
  readonly counts: Map<string, number>;
}

function explainStatus(status: number, body: string): PrometheusError {
  if (status === 401) return new PrometheusError('unauthorized', 'Prometheus answered 401 Unauthorized: check the bearer token file.');
  if (status === 403) return new PrometheusError('forbidden', 'Prometheus answered 403 Forbidden: the token may not read this tenant.');
  const reply = parsePrometheusReply(body);
  if (reply.kind === 'error') return new PrometheusError('query', `Prometheus rejected the query (${reply.errorType}): ${reply.error.slice(0, 300)}`);
  return new PrometheusError('bad-response', `Prometheus answered HTTP ${status}.`);
}

/** A client with a concurrency cap and a per-call timeout. */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxConcurrent = options.maxConcurrent ?? 4;
  const maxQueued = options.maxQueued ?? 32;
  const transport = options.transport ?? createHttpTransport({});
  const counts = new Map<string, number>();
  const waiting: (() => void)[] = [];
  let running = 0;

  const count = (outcome: string) => counts.set(outcome, (counts.get(outcome) ?? 0) + 1);

  async function slot(): Promise<void> {
    if (running < maxConcurrent) {
      running += 1;
      return;
    }
    if (waiting.length >= maxQueued) throw new PrometheusError('overloaded', `More than ${maxQueued} Prometheus queries waiting: skipped.`);
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  async function call(path: string, form: Record<string, string>): Promise<unknown> {
    await slot();
    try {
      const response = await transport({
        url: `${base}${path}`,
        body: new URLSearchParams(form).toString(),
        headers: { ...options.headers?.(), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        timeoutMs,
      });
      if (response.status !== 200) throw explainStatus(response.status, response.body);
      const reply = parsePrometheusReply(response.body);
      if (reply.kind === 'error') throw new PrometheusError('query', `Prometheus rejected the query (${reply.errorType}): ${reply.error.slice(0, 300)}`);
      if (reply.kind === 'invalid') throw new PrometheusError('bad-response', `Prometheus answered something that is not a query result: ${reply.reason}`);
      count('success');
      return reply.data;
    } catch (error) {
      const failure = error instanceof PrometheusError ? error : toTransportError(error);
      count(failure.code);
      throw failure;
    } finally {
      release();
    }
  }

  return {
    counts,
    async query(promql, atMs) {
      const data = await call('/api/v1/query', { query: promql, ...(atMs === undefined ? {} : { time: (atMs / 1000).toFixed(3) }) });
      return asInstant(data);
    },
    async queryRange(promql, startMs, endMs, stepSeconds) {
      const data = await call('/api/v1/query_range', {
        query: promql,
        start: (startMs / 1000).toFixed(3),
        end: (endMs / 1000).toFixed(3),
        step: String(Math.max(1, Math.round(stepSeconds))),
      });
      return asRange(data);
    },
  };
}

function toTransportError(error: unknown): PrometheusError {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'ETIMEDOUT' || (error instanceof Error && error.name === 'TimeoutError'))
    return new PrometheusError('timeout', 'Prometheus did not answer in time.', { cause: error });
  return new PrometheusError('unreachable', `Prometheus is unreachable (${typeof code === 'string' ? code : 'connection failed'}).`, { cause: error });
}

function asInstant(data: unknown): InstantSample[] {
  const d = data as { resultType: string; result: InstantSample[] };
  if (d.resultType !== 'vector') throw new PrometheusError('bad-response', `Expected an instant vector, got ${d.resultType}.`);
  return d.result;
}

function asRange(data: unknown): RangeSeries[] {
  const d = data as { resultType: string; result: RangeSeries[] };
  if (d.resultType !== 'matrix') throw new PrometheusError('bad-response', `Expected a range matrix, got ${d.resultType}.`);
  return d.result;
}
