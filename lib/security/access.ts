/**
 * Who may see what when `SIDECARSCOPE_TOKEN` is set: a pure decision the proxy (`proxy.ts`) turns
 * into a response. Paths are relative to the base path.
 *
 * - `/healthz` and `/readyz` are always open (kubelet probes carry no token); `/metrics` too on
 *   the metrics port (`SIDECARSCOPE_METRICS_PORT`, `SIDECARSCOPE_METRICS_OPEN=1`), never on the
 *   main one.
 * - Scripts and curl send `Authorization: Bearer <token>`.
 * - Browsers (and their EventSource, which cannot set headers) hold an HttpOnly session cookie,
 *   set after the token was presented once: on the login form (`POST /login`) or as `?token=` in
 *   a link, which is then removed from the address bar by a redirect. A same-site `POST /logout`
 *   ends it; `GET /logout` only shows the sign-out button.
 */
import { describeTokenProblem, isSameSecret, readBearerToken } from './token';
import type { TokenFileResult } from './token-file';

/** The parts of a request the decision depends on. */
export interface AccessRequest {
  pathname: string;
  /** The query string without the `token` parameter, `''` or starting with `?`. */
  searchWithoutToken: string;
  /** `GET`, `POST`, … */
  method: string;
  authorization: string | null;
  /** True when the request carries a session cookie the server accepts (see ./sessions.ts). */
  hasSession: boolean;
  /** True when the browser says the request comes from this site (or no browser sent it). */
  isSameOrigin: boolean;
  /** True when the front server's metrics listener forwarded it (see ./metrics-port.ts). */
  viaMetricsPort: boolean;
  /** A token from `?token=` or the login form, if any. */
  presentedToken: string | undefined;
  /** Where the login form asks to go next. */
  loginNext?: string;
  accept: string | null;
}

/** The access settings of the process, from the environment. */
export interface AccessPolicy {
  token: string | undefined;
  /** Why the configured token cannot be used (an unreadable SIDECARSCOPE_TOKEN_FILE). */
  problem?: string;
}

/** What the proxy should do with a request. */
export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'misconfigured'; message: string }
  | { kind: 'unauthorized' }
  | { kind: 'login-page'; next: string; failed: boolean }
  | { kind: 'start-session'; redirectTo: string }
  | { kind: 'end-session'; redirectTo: string }
  | { kind: 'logout-page' };

/** The path the login form posts to. */
export const LOGIN_PATH = '/login';
/** The path that ends the browser session. */
export const LOGOUT_PATH = '/logout';

const ALWAYS_OPEN = new Set(['/healthz', '/readyz']);

/**
 * Reads the policy from the environment: `SIDECARSCOPE_TOKEN_FILE` (read through `readFile`,
 * see ./token-file.ts) wins over `SIDECARSCOPE_TOKEN`; an empty token means no token.
 */
export function readAccessPolicy(env: Record<string, string | undefined>, readFile?: (path: string) => TokenFileResult): AccessPolicy {
  const file = env.SIDECARSCOPE_TOKEN_FILE?.trim();
  if (file && readFile) {
    const result = readFile(file);
    return 'token' in result ? { token: result.token } : { token: '', problem: result.problem };
  }
  const token = env.SIDECARSCOPE_TOKEN?.trim();
  return { token: token === '' ? undefined : token };
}

/**
 * True for requests anyone may make whatever the token: the probes, and `/metrics` when it came
 * through the metrics port (never through the main port, which an ingress may publish).
 */
export function isOpenPath(pathname: string, viaMetricsPort: boolean): boolean {
  return ALWAYS_OPEN.has(pathname) || (viaMetricsPort && pathname === '/metrics');
}

const PLACEHOLDER_ORIGIN = 'http://sidecarscope.invalid';

/**
 * A same-site path to continue to after login; anything else becomes `/`. Judged on the URL a
 * browser would actually go to (dot segments and `%2e` removed), not on the raw string: `/.//x`
 * normalises to `//x`, which a browser reads as another host.
 */
export function toSafeNextPath(next: string | undefined): string {
  if (next === undefined || !next.startsWith('/') || /[\\\u0000-\u001f]/.test(next) || /%5c/i.test(next)) return '/';
  let parsed: URL;
  try {
    parsed = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return '/';
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN || parsed.pathname.startsWith('//')) return '/';
  return parsed.pathname + parsed.search;
}

function isPageNavigation(request: AccessRequest): boolean {
  const machinePath = request.pathname.startsWith('/api/') || request.pathname === '/metrics';
  return !machinePath && (request.accept ?? '').includes('text/html');
}

/** Decides how to answer a request under `policy`. */
export function decideAccess(request: AccessRequest, policy: AccessPolicy): AccessDecision {
  if (policy.token === undefined || isOpenPath(request.pathname, request.viaMetricsPort)) return { kind: 'allow' };
  const problem = policy.problem ?? describeTokenProblem(policy.token);
  if (problem !== undefined) return { kind: 'misconfigured', message: problem };
  if (request.pathname === LOGOUT_PATH) {
    // Only a same-site POST signs out: a link or an image on another site must not.
    return request.method === 'POST' && request.isSameOrigin ? { kind: 'end-session', redirectTo: '/' } : { kind: 'logout-page' };
  }

  const bearer = readBearerToken(request.authorization);
  if (bearer !== undefined) return isSameSecret(bearer, policy.token) ? { kind: 'allow' } : { kind: 'unauthorized' };

  const isLogin = request.pathname === LOGIN_PATH;
  // A sign-in form posted from another site may not choose where the browser goes next.
  const loginNext = request.isSameOrigin ? request.loginNext : undefined;
  const next = isLogin ? toSafeNextPath(loginNext) : request.pathname + request.searchWithoutToken;
  if (request.presentedToken !== undefined) {
    return isSameSecret(request.presentedToken, policy.token)
      ? { kind: 'start-session', redirectTo: toSafeNextPath(next) }
      : { kind: 'login-page', next: toSafeNextPath(next), failed: true };
  }
  if (!isLogin && request.hasSession) return { kind: 'allow' };
  return isLogin || isPageNavigation(request) ? { kind: 'login-page', next: toSafeNextPath(next), failed: false } : { kind: 'unauthorized' };
}
