/**
 * What `proxy.ts` runs on every page, API and stream request: request limits, the optional token
 * (see ./access.ts for the rules) and the security headers. Kept here so it is tested like the
 * rest of the code; `proxy.ts` only wires it to Next.js.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { decideAccess, LOGIN_PATH, LOGOUT_PATH, isOpenPath, readAccessPolicy, toSafeNextPath, type AccessDecision } from './access';
import { isAllowedHost, readAllowedHosts } from './allowed-hosts';
import { clientAddressOf } from './client-address';
import { getGuessLimiter, type GuessLimiter } from './guess-limits';
import { applySecurityHeaders } from './headers';
import { renderLoginPage, renderLogoutPage } from './login-page';
import { checkRequestLimits } from './request-limits';
import { isFromMetricsPort } from './metrics-port';
import { getSessionStore, SESSION_MAX_AGE_MS, type SessionStore } from './sessions';
import { isSameSecret, readBearerToken, SESSION_COOKIE } from './token';
import { readTokenFile } from './token-file';

/** Browser sessions last a working day (the server enforces it, see ./sessions.ts). */
export const SESSION_MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;

type Env = Record<string, string | undefined>;

/** What the handler needs besides the request; tests pass their own. */
export interface ProxyDeps {
  env: Env;
  now: () => number;
  sessions: SessionStore;
  guesses: GuessLimiter;
}

function errorJson(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store', ...extra } });
}

function htmlPage(html: string, status: number): Response {
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

function sessionCookie(value: string, request: NextRequest, maxAge: number): string {
  const path = request.nextUrl.basePath || '/';
  const secure = request.headers.get('x-forwarded-proto') === 'https' || request.nextUrl.protocol === 'https:';
  return `${SESSION_COOKIE}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * A 303 to `target` (relative to the base path) on this origin; Next.js needs an absolute URL.
 * The URL actually sent is checked again: same origin, and no path that a browser would read as
 * `//host`. Anything else goes to the base path's root.
 */
function redirect(request: NextRequest, target: string, cookie: string): Response {
  const safe = toSafeNextPath(target);
  const parsed = new URL(safe, 'http://placeholder.invalid');
  const url = request.nextUrl.clone();
  url.pathname = parsed.pathname;
  url.search = parsed.search;
  const sent = new URL(url.toString());
  const rest = sent.pathname.slice(request.nextUrl.basePath.length);
  const isSafe =
    sent.origin === request.nextUrl.origin && sent.pathname.startsWith(request.nextUrl.basePath) && !rest.startsWith('//') && !sent.pathname.startsWith('//');
  const response = NextResponse.redirect(isSafe ? sent : new URL(`${request.nextUrl.basePath}/`, request.nextUrl.origin), 303);
  response.headers.set('Set-Cookie', cookie);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

async function readLoginForm(request: NextRequest): Promise<{ token?: string; next?: string }> {
  if (request.method !== 'POST') return {};
  try {
    const form = await request.formData();
    const token = form.get('token');
    const next = form.get('next');
    return { token: typeof token === 'string' ? token : undefined, next: typeof next === 'string' ? next : undefined };
  } catch {
    return {};
  }
}

/**
 * True when a browser says the request comes from this site: `Sec-Fetch-Site: same-origin`, or
 * an `Origin` naming this host. A request with neither (curl, a script) carries no ambient cookie
 * by accident, so it counts as same-origin.
 */
export function isSameOriginRequest(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    return new URL(origin).host === (request.headers.get('host') ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

function toResponse(decision: AccessDecision, request: NextRequest, deps: ProxyDeps, token: string): Response {
  const basePath = request.nextUrl.basePath;
  switch (decision.kind) {
    case 'allow':
      return NextResponse.next();
    case 'misconfigured':
      return errorJson(500, 'bad-config', decision.message);
    case 'unauthorized':
      return errorJson(401, 'unauthorized', 'A valid token is required: send Authorization: Bearer <token>.', {
        'WWW-Authenticate': 'Bearer realm="sidecarscope"',
      });
    case 'login-page':
      return htmlPage(renderLoginPage({ basePath, next: decision.next, failed: decision.failed }), 401);
    case 'logout-page':
      return htmlPage(renderLogoutPage({ basePath }), 200);
    case 'start-session':
      return redirect(request, decision.redirectTo, sessionCookie(deps.sessions.issue(token, deps.now()), request, SESSION_MAX_AGE_SECONDS));
    case 'end-session':
      deps.sessions.revoke(request.cookies.get(SESSION_COOKIE)?.value, token, deps.now());
      return redirect(request, decision.redirectTo, sessionCookie('', request, 0));
  }
}

function tooManyGuesses(retryAfter: number): Response {
  return errorJson(429, 'too-many-attempts', `Too many wrong tokens from this address; try again in ${retryAfter} s.`, { 'Retry-After': String(retryAfter) });
}

async function decide(request: NextRequest, deps: ProxyDeps): Promise<Response> {
  const refusal = checkRequestLimits({
    method: request.method,
    url: request.nextUrl.pathname + request.nextUrl.search,
    contentLength: request.headers.get('content-length'),
    transferEncoding: request.headers.get('transfer-encoding'),
  });
  if (refusal !== undefined) return errorJson(refusal.status, 'request-too-large', refusal.message);

  const policy = readAccessPolicy(deps.env, (path) => readTokenFile(path, deps.now()));
  const { pathname, searchParams } = request.nextUrl;
  const viaMetricsPort = isFromMetricsPort(request.headers);
  if (policy.token === undefined) {
    if (isOpenPath(pathname, viaMetricsPort) || isAllowedHost(request.headers.get('host') ?? request.nextUrl.host, readAllowedHosts(deps.env)))
      return NextResponse.next();
    return errorJson(
      421,
      'unexpected-host',
      'This server answers only to its own host names; add this one to SIDECARSCOPE_ALLOWED_HOSTS, or set SIDECARSCOPE_TOKEN.',
    );
  }
  const search = new URLSearchParams(searchParams);
  search.delete('token');
  const rest = search.toString();
  const form = pathname === LOGIN_PATH ? await readLoginForm(request) : {};
  const bearer = readBearerToken(request.headers.get('authorization'));
  const presentedToken = form.token ?? searchParams.get('token') ?? undefined;
  const attempt = bearer ?? presentedToken;
  const address = clientAddressOf(request.headers, deps.env);
  if (attempt !== undefined && !isOpenPath(pathname, viaMetricsPort)) {
    const wait = deps.guesses.retryAfterSeconds(address, deps.now());
    if (wait > 0) return tooManyGuesses(wait);
    if (!isSameSecret(attempt, policy.token)) deps.guesses.recordFailure(address, deps.now());
  }
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const decision = decideAccess(
    {
      pathname,
      searchWithoutToken: rest === '' ? '' : `?${rest}`,
      method: request.method,
      authorization: request.headers.get('authorization'),
      hasSession: pathname !== LOGOUT_PATH && deps.sessions.isValid(cookie, policy.token, deps.now()),
      isSameOrigin: isSameOriginRequest(request),
      viaMetricsPort,
      presentedToken,
      loginNext: form.next,
      accept: request.headers.get('accept'),
    },
    policy,
  );
  return toResponse(decision, request, deps, policy.token);
}

/** Answers or passes on one request, always with the security headers. */
export async function handleProxyRequest(request: NextRequest, overrides: Partial<ProxyDeps> = {}): Promise<Response> {
  const deps: ProxyDeps = { env: process.env, now: Date.now, sessions: getSessionStore(), guesses: getGuessLimiter(), ...overrides };
  const response = await decide(request, deps);
  applySecurityHeaders(response.headers, { isDev: deps.env.NODE_ENV === 'development' });
  return response;
}
