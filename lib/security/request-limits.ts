/**
 * Request size limits. The dashboard is read-only: its API takes no bodies, so anything large is
 * refused before Next.js reads it. Node's HTTP server already caps headers at 16 KiB.
 */

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
  status: 411 | 413 | 414;
  message: string;
}

/** Undefined when the request is within limits, else why not. */
export function checkRequestLimits(request: RequestShape): LimitRefusal | undefined {
  if (request.url.length > MAX_URL_LENGTH) return { status: 414, message: `URL longer than ${MAX_URL_LENGTH} characters` };
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  if (request.contentLength !== null) {
    const length = Number(request.contentLength);
    if (!Number.isSafeInteger(length) || length < 0) return { status: 413, message: 'invalid Content-Length' };
    if (length > MAX_BODY_BYTES) return { status: 413, message: `request body larger than ${MAX_BODY_BYTES} bytes` };
    return undefined;
  }
  if (hasBody && (request.transferEncoding ?? '').toLowerCase().includes('chunked')) {
    return { status: 411, message: 'a request body needs a Content-Length' };
  }
  return undefined;
}
