import { ApiError, toApiError } from './api-error';
import { withBasePath } from './base-path';

/** SWR fetcher for the dashboard's JSON API: keys are app paths (`/api/summary`). */
export async function fetchJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withBasePath(path), { headers: { accept: 'application/json' } });
  } catch (cause) {
    throw new ApiError('unreachable', 'The dashboard server did not answer. Is it still running?', 0, { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, response.statusText, body);
  return body as T;
}
