/**
 * The optional Prometheus source's settings, from the environment (the CLI's `--prometheus-url`
 * and the chart's `prometheus.*` values set them), validated with zod like the rest of
 * {@link ./config}. Without `SIDECARSCOPE_PROMETHEUS_URL` nothing is queried and metrics-server
 * stays the only source. Header values and the token are secrets: never logged or sent to browsers.
 */
import { z } from 'zod';
import type { FindingThresholds } from '../model/types';
import { ConfigError } from './config';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const number = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a number` })
      .min(min, `${name} must be at least ${min}`)
      .max(max, `${name} must be at most ${max}`)
      .default(fallback),
  );

const envSchema = z.object({
  SIDECARSCOPE_PROMETHEUS_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'SIDECARSCOPE_PROMETHEUS_URL must be an http(s) URL' }).optional(),
  ),
  SIDECARSCOPE_PROMETHEUS_BEARER_TOKEN_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_PROMETHEUS_CA_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_PROMETHEUS_HEADERS: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_PROMETHEUS_INTERVAL_SECONDS: number('SIDECARSCOPE_PROMETHEUS_INTERVAL_SECONDS', 60, 1),
  SIDECARSCOPE_PROMETHEUS_WINDOW_SECONDS: number('SIDECARSCOPE_PROMETHEUS_WINDOW_SECONDS', 600, 30),
  SIDECARSCOPE_PROMETHEUS_RATE_SECONDS: number('SIDECARSCOPE_PROMETHEUS_RATE_SECONDS', 60, 1),
  SIDECARSCOPE_PROMETHEUS_TIMEOUT_SECONDS: number('SIDECARSCOPE_PROMETHEUS_TIMEOUT_SECONDS', 5, 0.1, 120),
  SIDECARSCOPE_PROMETHEUS_MAX_CONCURRENT: number('SIDECARSCOPE_PROMETHEUS_MAX_CONCURRENT', 4, 1, 64),
  SIDECARSCOPE_THROTTLE_SHARE: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'SIDECARSCOPE_THROTTLE_SHARE must be a number' })
      .gt(0, 'SIDECARSCOPE_THROTTLE_SHARE must be above 0')
      .max(1, 'SIDECARSCOPE_THROTTLE_SHARE must be at most 1')
      .optional(),
  ),
  SIDECARSCOPE_THROTTLE_MIN_PERIODS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'SIDECARSCOPE_THROTTLE_MIN_PERIODS must be a number' }).int().min(1).optional(),
  ),
});

export interface PrometheusConfig {
  url: string;
  bearerTokenFile?: string;
  caFile?: string;
  /** Extra request headers, e.g. `X-Scope-OrgID` for a Mimir or Thanos tenant. */
  headers: Record<string, string>;
  intervalMs: number;
  windowSeconds: number;
  rateSeconds: number;
  timeoutMs: number;
  maxConcurrent: number;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** `Name: value` pairs separated by newlines or `,` (a value with a comma: use newlines). */
export function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!text) return headers;
  const lines = text.includes('\n') ? text.split('\n') : text.split(',');
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    // The value is a secret: the message names the entry by position, never by content.
    if (!HEADER_NAME.test(name)) throw new ConfigError(`SIDECARSCOPE_PROMETHEUS_HEADERS: entry ${Object.keys(headers).length + 1} is not "Name: value"`);
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parse(env: Record<string, string | undefined>) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** The Prometheus settings, or `undefined` when no URL is configured. Throws {@link ConfigError}. */
export function readPrometheusConfig(env: Record<string, string | undefined> = process.env): PrometheusConfig | undefined {
  const e = parse(env);
  if (e.SIDECARSCOPE_PROMETHEUS_URL === undefined) return undefined;
  return {
    url: e.SIDECARSCOPE_PROMETHEUS_URL,
    ...(e.SIDECARSCOPE_PROMETHEUS_BEARER_TOKEN_FILE ? { bearerTokenFile: e.SIDECARSCOPE_PROMETHEUS_BEARER_TOKEN_FILE } : {}),
    ...(e.SIDECARSCOPE_PROMETHEUS_CA_FILE ? { caFile: e.SIDECARSCOPE_PROMETHEUS_CA_FILE } : {}),
    headers: parseHeaders(e.SIDECARSCOPE_PROMETHEUS_HEADERS),
    intervalMs: e.SIDECARSCOPE_PROMETHEUS_INTERVAL_SECONDS * 1000,
    windowSeconds: Math.round(e.SIDECARSCOPE_PROMETHEUS_WINDOW_SECONDS),
    rateSeconds: Math.round(e.SIDECARSCOPE_PROMETHEUS_RATE_SECONDS),
    timeoutMs: e.SIDECARSCOPE_PROMETHEUS_TIMEOUT_SECONDS * 1000,
    maxConcurrent: Math.round(e.SIDECARSCOPE_PROMETHEUS_MAX_CONCURRENT),
  };
}

/** Threshold overrides for the Prometheus-fed findings (`SIDECARSCOPE_THROTTLE_SHARE`, `_MIN_PERIODS`). */
export function readFindingThresholds(env: Record<string, string | undefined> = process.env): Partial<FindingThresholds> {
  const e = parse(env);
  return {
    ...(e.SIDECARSCOPE_THROTTLE_SHARE === undefined ? {} : { throttledShare: e.SIDECARSCOPE_THROTTLE_SHARE }),
    ...(e.SIDECARSCOPE_THROTTLE_MIN_PERIODS === undefined ? {} : { minCfsPeriods: e.SIDECARSCOPE_THROTTLE_MIN_PERIODS }),
  };
}
