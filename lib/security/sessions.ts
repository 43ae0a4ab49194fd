/**
 * Browser sessions for `SIDECARSCOPE_TOKEN`: each sign-in gets its own random id, the server
 * decides when it expires, and signing out ends it.
 *
 * The cookie is `v2.<id>.<issued-at seconds>.<mac>`, the MAC an HMAC-SHA256 keyed by the token.
 * The server checks the MAC (a client cannot forge or extend a session), the age (expiry is the
 * server's, whatever the cookie's Max-Age says) and that the id was not signed out. Keyed by the
 * token, so rotating the token ends every session; signed rather than stored, so a restart or a
 * second replica still knows a session. Signed-out ids are kept until they would have expired
 * anyway, at most `maxRevoked` of them (the oldest, nearest to expiry, go first), in this process
 * only: with several replicas, sign-out ends the session on the replica that answered it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isSameSecret } from './token';

/** Default session lifetime: a working day. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Default bound on remembered sign-outs. */
export const MAX_REVOKED_SESSIONS = 10_000;

const VERSION = 'v2';
const LABEL = 'sidecarscope-session-v2';
/** Clocks of two replicas may differ a little; a cookie "from the future" beyond this is refused. */
const CLOCK_SKEW_MS = 60_000;

interface ParsedSession {
  id: string;
  issuedAtMs: number;
  mac: string;
}

/** Issues, checks and ends sessions; one per process (see {@link getSessionStore}). */
export interface SessionStore {
  /** A new cookie value for a sign-in at `nowMs`. */
  issue(token: string, nowMs: number): string;
  /** True when `cookie` is a session of `token`, not expired at `nowMs` and not signed out. */
  isValid(cookie: string | undefined, token: string, nowMs: number): boolean;
  /** Ends the session in `cookie` (if it is a valid one). */
  revoke(cookie: string | undefined, token: string, nowMs: number): void;
  /** Signed-out sessions remembered now. */
  revokedCount(): number;
}

function macOf(token: string, id: string, issuedAtSeconds: number): string {
  return createHmac('sha256', token).update(`${LABEL}|${id}|${issuedAtSeconds}`).digest('base64url');
}

function parse(cookie: string | undefined): ParsedSession | undefined {
  const parts = (cookie ?? '').split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return undefined;
  const [, id = '', issued = '', mac = ''] = parts;
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(id) || !/^\d{1,12}$/.test(issued)) return undefined;
  return { id, issuedAtMs: Number(issued) * 1000, mac };
}

/** A session store with the given lifetime and bound. */
export function createSessionStore(options: { maxAgeMs?: number; maxRevoked?: number } = {}): SessionStore {
  const maxAgeMs = options.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const maxRevoked = Math.max(1, options.maxRevoked ?? MAX_REVOKED_SESSIONS);
  /** Signed-out id → when it expires anyway, oldest sign-out first. */
  const revoked = new Map<string, number>();

  function prune(nowMs: number): void {
    for (const [id, expiresAt] of revoked) {
      if (expiresAt > nowMs && revoked.size <= maxRevoked) break;
      revoked.delete(id);
    }
  }

  function verify(cookie: string | undefined, token: string, nowMs: number): ParsedSession | undefined {
    const session = parse(cookie);
    if (session === undefined) return undefined;
    if (!isSameSecret(session.mac, macOf(token, session.id, session.issuedAtMs / 1000))) return undefined;
    const age = nowMs - session.issuedAtMs;
    if (age >= maxAgeMs || age < -CLOCK_SKEW_MS) return undefined;
    return revoked.has(session.id) ? undefined : session;
  }

  return {
    issue(token, nowMs) {
      const id = randomBytes(24).toString('base64url');
      const issuedAtSeconds = Math.floor(nowMs / 1000);
      return `${VERSION}.${id}.${issuedAtSeconds}.${macOf(token, id, issuedAtSeconds)}`;
    },
    isValid(cookie, token, nowMs) {
      return verify(cookie, token, nowMs) !== undefined;
    },
    revoke(cookie, token, nowMs) {
      const session = verify(cookie, token, nowMs);
      if (session === undefined) return;
      revoked.set(session.id, session.issuedAtMs + maxAgeMs);
      prune(nowMs);
    },
    revokedCount() {
      return revoked.size;
    },
  };
}

const KEY = Symbol.for('sidecarscope.sessions');
type WithSessions = typeof globalThis & { [KEY]?: SessionStore };

/** The process's session store (on `globalThis`, so hot reloads and bundles share it). */
export function getSessionStore(): SessionStore {
  const holder = globalThis as WithSessions;
  holder[KEY] ??= createSessionStore();
  return holder[KEY];
}
