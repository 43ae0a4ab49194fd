/**
 * Bearer-token checks for deployments without an authenticating ingress (`SIDECARSCOPE_TOKEN`).
 *
 * Comparisons hash both sides first, so `timingSafeEqual` always compares 32 bytes and neither
 * the content nor the length of the expected token leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest token the server accepts: a guessable token is worse than none, because it looks safe. */
export const MIN_TOKEN_LENGTH = 16;

/** The cookie that carries a browser session once the token was presented. */
export const SESSION_COOKIE = 'sidecarscope_session';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when `presented` equals `expected`, in time independent of where they differ. */
export function isSameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || expected === '') return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer …` header, or undefined for any other scheme. */
export function readBearerToken(authorization: string | null | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Why a configured token cannot be used, or undefined when it can. Never echoes the token. */
export function describeTokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `SIDECARSCOPE_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (try: openssl rand -hex 32)`;
  if (/\s/.test(token)) return 'SIDECARSCOPE_TOKEN must not contain whitespace';
  return undefined;
}
