import { isRecord } from '@/lib/model/raw';

/** An error answer from the dashboard's own API (`{ error: { code, message } }`), or no answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}

/** Reads the API's error envelope; falls back to the HTTP status text for anything else. */
export function toApiError(status: number, statusText: string, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `http-${status}`;
  const message = typeof error?.message === 'string' ? error.message : statusText || `HTTP ${status}`;
  return new ApiError(code, message, status);
}
