/**
 * `/metrics` on a port of its own (`SIDECARSCOPE_METRICS_PORT`, or 9090 with
 * `SIDECARSCOPE_METRICS_OPEN=1`) for in-cluster scraping without the token. The front server's
 * metrics listener forwards `GET /metrics` to Next.js marked with {@link METRICS_PORT_HEADER}
 * carrying a random secret of this process; the main listener deletes that header from every
 * request, so the mark cannot be forged through the main port (or an ingress in front of it).
 */
import { randomBytes } from 'node:crypto';
import { isSameSecret } from './token';

/** The mark the metrics listener puts on the requests it forwards. */
export const METRICS_PORT_HEADER = 'x-sidecarscope-metrics-port';
/** The port when only `SIDECARSCOPE_METRICS_OPEN=1` is set. */
export const DEFAULT_METRICS_PORT = 9090;

const KEY = Symbol.for('sidecarscope.metricsPortSecret');
type WithSecret = typeof globalThis & { [KEY]?: string };

/** This process's secret (on `globalThis`: the front server and Next's bundles share it). */
export function metricsPortSecret(): string {
  const holder = globalThis as WithSecret;
  holder[KEY] ??= randomBytes(32).toString('base64url');
  return holder[KEY];
}

/** True when the request came through the metrics listener of this process. */
export function isFromMetricsPort(headers: Headers): boolean {
  const mark = headers.get(METRICS_PORT_HEADER);
  return mark !== null && isSameSecret(mark, metricsPortSecret());
}

/** The metrics port to listen on, or undefined for none; throws naming a bad value. */
export function readMetricsPort(env: Record<string, string | undefined>): number | undefined {
  const text = env.SIDECARSCOPE_METRICS_PORT?.trim();
  if (text === undefined || text === '') return env.SIDECARSCOPE_METRICS_OPEN === '1' ? DEFAULT_METRICS_PORT : undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`SIDECARSCOPE_METRICS_PORT must be a port number, not "${text.slice(0, 20)}"`);
  return port;
}
