import type { z } from 'zod';
import { ApiError, toApiError } from './api-error';
import { withBasePath } from './base-path';
import { takePreloaded } from './preload';

/**
 * Parses an answer of the dashboard's API with its schema from the contract (`lib/model/contract.ts`):
 * a body that does not match is an error, never a half-read value.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, path: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  const message = `The dashboard server sent an answer to ${path} this page cannot read${where}: ${issue?.message ?? 'invalid'}. Reload the page; if it persists, the server and the page are of different versions.`;
  throw new ApiError('bad-response', message, 200, { cause: parsed.error });
}

/** Fetches one of the dashboard's JSON endpoints (an app path, `/api/summary`) and parses it with `schema`. */
export async function fetchJson<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  let response: Response;
  try {
    const url = withBasePath(path);
    response = await (takePreloaded(url, Date.now()) ?? fetch(url, { headers: { accept: 'application/json' } }));
  } catch (cause) {
    throw new ApiError('unreachable', 'The dashboard server did not answer. Is it still running?', 0, { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, response.statusText, body);
  return parseAnswer(schema, body, path);
}
