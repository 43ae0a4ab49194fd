/**
 * Request limits, checked by the front server (lib/front/front-server.ts) on the request line and
 * headers alone, before anything reads a byte of the body, and again by the proxy. The dashboard is
 * read-only: its API takes no bodies but the login form and the context switch. Node's HTTP server
 * already caps headers at 16 KiB.
 */

/** Methods the dashboard answers; any other is refused with 405 before Next.js sees it. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;

/** Largest request body accepted (the login form is the only body the dashboard reads). */
export const MAX_BODY_BYTES = 16 * 1024;
/** Longest URL (path and query) accepted. */
export const MAX_URL_LENGTH = 4096;

/** The parts of a request the limits look at. */
export interface RequestShape {
  method: string;
  /** Path and query as sent. */
  url: string;
  contentLength: string | null;
  transferEncoding: string | null;
}

/** A refusal: HTTP status and a short reason. */
export interface LimitRefusal {
  status: 400 | 405 | 411 | 413 | 414;
  message: string;
}

/** Undefined when the request is within limits, else why not. */
export function checkRequestLimits(request: RequestShape): LimitRefusal | undefined {
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method)) return { status: 405, message: `method ${request.method.slice(0, 16)} not allowed` };
  if (request.url.length > MAX_URL_LENGTH) return { status: 414, message: `URL longer than ${MAX_URL_LENGTH} characters` };
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const isChunked = request.transferEncoding !== null;
  if (!hasBody && (isChunked || (request.contentLength !== null && request.contentLength.trim() !== '0'))) {
    return { status: 400, message: `a ${request.method} request has no body` };
  }
  if (request.contentLength !== null) {
    const length = Number(request.contentLength);
    if (!Number.isSafeInteger(length) || length < 0) return { status: 413, message: 'invalid Content-Length' };
    if (length > MAX_BODY_BYTES) return { status: 413, message: `request body larger than ${MAX_BODY_BYTES} bytes` };
    return undefined;
  }
  if (hasBody && isChunked) {
    return { status: 411, message: 'a request body needs a Content-Length' };
  }
  return undefined;
}
