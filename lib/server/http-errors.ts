/**
 * Every error that reaches a route handler becomes an HTTP response here, and only here. Bodies
 * are `{ error: { code, message } }`; messages never carry tokens, paths or stack traces.
 */
import 'server-only';
import type { z } from 'zod';
import { K8sError } from '../k8s/errors';
import type { ENDPOINTS } from '../model/contract';
import { ConfigError } from './config';

/** An error with an HTTP status and a message that is safe to show. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

const K8S_STATUS: Record<string, number> = { forbidden: 503, unauthorized: 503, unreachable: 503, timeout: 504 };

/** A 200 answer of `endpoint`: its body is typed by the contract's schema the browser parses it with. */
export function answer<E extends keyof typeof ENDPOINTS>(endpoint: E, body: z.infer<(typeof ENDPOINTS)[E]>): Response {
  void endpoint;
  return jsonResponse(body);
}

/** A JSON response with no caching. */
export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Maps any thrown value to a JSON error response. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) return jsonResponse({ error: { code: error.code, message: error.message } }, error.status);
  if (error instanceof ConfigError) return jsonResponse({ error: { code: error.code, message: error.message } }, 500);
  if (error instanceof K8sError) return jsonResponse({ error: { code: error.code, message: error.message } }, K8S_STATUS[error.code] ?? 502);
  return jsonResponse({ error: { code: 'internal', message: 'Internal error.' } }, 500);
}

/** Runs a handler and maps whatever it throws. */
export async function handle(run: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
