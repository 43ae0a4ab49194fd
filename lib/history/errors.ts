/** Why the history store cannot be opened or written. Messages name the setting, never a secret. */

export type StoreErrorCode = 'read-only' | 'locked' | 'newer-schema' | 'write-failed' | 'bad-config' | 'writer-stopped';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The SQLite result code of a `node:sqlite` error, when it has one. */
export function sqliteCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return undefined;
  const code = (error as { errcode: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

/** A short, path-free reason for a failed write (shown in the status and `/metrics`). */
export function describeWriteError(error: unknown): string {
  if (error instanceof StoreError && error.code === 'writer-stopped') return 'the history writer thread stopped';
  if (error instanceof StoreError && error.code === 'locked') return 'database locked';
  switch (sqliteCode(error)) {
    case 13:
      return 'disk full';
    case 10:
      return 'I/O error';
    case 8:
      return 'read-only database';
    case 5:
    case 6:
      return 'database locked';
    case 11:
    case 26:
      return 'database corrupt';
    default:
      return error instanceof Error && /ENOSPC/.test(error.message) ? 'disk full' : 'write failed';
  }
}
