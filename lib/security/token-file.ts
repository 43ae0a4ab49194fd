/**
 * `SIDECARSCOPE_TOKEN_FILE`: the token read from a file (the Helm chart mounts its Secret there),
 * re-read at most every {@link TOKEN_FILE_RECHECK_MS}, so a Secret created or rotated later takes
 * effect without a restart once the kubelet has updated the mounted file (up to about a minute).
 * A missing or empty file is a configuration problem: the server then refuses every protected path
 * rather than serving them unprotected.
 */
import { readFileSync } from 'node:fs';

/** How often the file is read again. */
export const TOKEN_FILE_RECHECK_MS = 5_000;

/** The token in the file, or why there is none. */
export type TokenFileResult = { token: string } | { problem: string };

interface Cached {
  path: string;
  readAtMs: number;
  result: TokenFileResult;
}

const KEY = Symbol.for('sidecarscope.tokenFile');
type WithCache = typeof globalThis & { [KEY]?: Cached };

function readOnce(path: string, read: (path: string) => string): TokenFileResult {
  try {
    const token = read(path).trim();
    return token === '' ? { problem: 'SIDECARSCOPE_TOKEN_FILE names an empty file' } : { token };
  } catch {
    return { problem: 'SIDECARSCOPE_TOKEN_FILE names a file that cannot be read' };
  }
}

/** The token in `path`, cached for {@link TOKEN_FILE_RECHECK_MS}. Messages never carry the path. */
export function readTokenFile(path: string, nowMs: number, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): TokenFileResult {
  const holder = globalThis as WithCache;
  const cached = holder[KEY];
  if (cached && cached.path === path && nowMs - cached.readAtMs < TOKEN_FILE_RECHECK_MS && nowMs >= cached.readAtMs) return cached.result;
  const result = readOnce(path, read);
  holder[KEY] = { path, readAtMs: nowMs, result };
  return result;
}
