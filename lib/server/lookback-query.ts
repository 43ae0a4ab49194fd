/**
 * Query parameters of the look-back API (`at=` on the summary, the pods list and a pod page;
 * `from`/`to` on the findings timeline), zod-validated: a bad one is a 400 naming it. Times are
 * epoch milliseconds or ISO 8601 (`2026-12-05T03:12:00Z`).
 */
import 'server-only';
import { z } from 'zod';
import { HttpError } from './http-errors';

const instant = (name: string) =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
      if (!Number.isFinite(ms) || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be epoch milliseconds or an ISO 8601 time` });
        return z.NEVER;
      }
      return ms;
    });

export const atSchema = z.object({ at: instant('at').optional() });

export const timelineSchema = z
  .object({
    from: instant('from'),
    to: instant('to').optional(),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace must be a namespace name')
      .max(63)
      .optional(),
    workload: z
      .string()
      .regex(/^[^/]{1,63}\/[^/]{1,253}$/, 'workload must be Kind/name')
      .transform((s) => {
        const [kind = '', name = ''] = s.split('/');
        return { kind, name };
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(5_000),
  })
  .refine((q) => q.to === undefined || q.to >= q.from, { message: 'to must not be before from', path: ['to'] });

function parse<T extends z.ZodType>(schema: T, params: URLSearchParams, keys: readonly string[]): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, 'bad-parameter', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
}

/** `at` from the URL, or `undefined` for live; a moment in the future is a 400. */
export function parseAt(params: URLSearchParams, now: number): number | undefined {
  const { at } = parse(atSchema, params, ['at']);
  if (at !== undefined && at > now + 60_000) throw new HttpError(400, 'bad-parameter', 'at: must not be in the future');
  return at;
}

export type TimelineQuery = z.infer<typeof timelineSchema>;

export function parseTimelineQuery(params: URLSearchParams): TimelineQuery {
  return parse(timelineSchema, params, ['from', 'to', 'namespace', 'workload', 'limit']);
}
