/**
 * The Prometheus HTTP API's JSON envelope, parsed with zod
 * (https://prometheus.io/docs/prometheus/3.0/querying/api/#format-overview): values arrive as
 * `[unixSeconds, "string"]`; they leave as `{ at: ms, value: number }` (`NaN`, `±Inf` kept as numbers).
 */
import { z } from 'zod';

const value = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const vector = z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value })) });
const matrix = z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(value) })) });
const other = z.object({ resultType: z.enum(['scalar', 'string']), result: z.unknown() });
const success = z.object({ status: z.literal('success'), data: z.union([vector, matrix, other]) });
const failure = z.object({ status: z.literal('error'), errorType: z.string().default('unknown'), error: z.string().default('') });

/** One series of an instant query. */
export interface InstantSample {
  labels: Record<string, string>;
  at: number;
  value: number;
}

/** One series of a range query, oldest point first. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: { at: number; value: number }[];
}

export type PrometheusReply =
  | {
      kind: 'data';
      data:
        | { resultType: 'vector'; result: InstantSample[] }
        | { resultType: 'matrix'; result: RangeSeries[] }
        | { resultType: 'scalar' | 'string'; result: unknown };
    }
  | { kind: 'error'; errorType: string; error: string }
  | { kind: 'invalid'; reason: string };

const SPECIAL: Readonly<Record<string, number>> = { '+Inf': Number.POSITIVE_INFINITY, Inf: Number.POSITIVE_INFINITY, '-Inf': Number.NEGATIVE_INFINITY };
const toPoint = ([seconds, text]: [number, string]) => ({ at: Math.round(seconds * 1000), value: SPECIAL[text] ?? Number(text) });

/** Parses a reply body; never throws. */
export function parsePrometheusReply(body: string): PrometheusReply {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  const failed = failure.safeParse(json);
  if (failed.success) return { kind: 'error', errorType: failed.data.errorType, error: failed.data.error };
  const parsed = success.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: parsed.error.issues[0]?.message ?? 'unexpected shape' };
  const data = parsed.data.data;
  if (data.resultType === 'vector') {
    return { kind: 'data', data: { resultType: 'vector', result: data.result.map((s) => ({ labels: s.metric, ...toPoint(s.value) })) } };
  }
  if (data.resultType === 'matrix') {
    return { kind: 'data', data: { resultType: 'matrix', result: data.result.map((s) => ({ labels: s.metric, points: s.values.map(toPoint) })) } };
  }
  return { kind: 'data', data };
}
