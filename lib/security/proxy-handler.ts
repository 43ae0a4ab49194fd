/**
 * What `proxy.ts` runs on every page, API and stream request: request limits, the optional token
 * (see ./access.ts for the rules) and the security headers. Kept here so it is tested like the
 * rest of the code; `proxy.ts` only wires it to Next.js.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { decideAccess, LOGIN_PATH, readAccessPolicy, toSafeNextPath, type AccessDecision } from './access';
import { applySecurityHeaders } from './headers';
import { renderLoginPage } from './login-page';
import { checkRequestLimits } from './request-limits';
import { SESSION_COOKIE, sessionValueFor } from './token';

/** Browser sessions last a working day. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

type Env = Record<string, string | undefined>;

function errorJson(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store', ...extra } });
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
  const isSafe = sent.origin === request.nextUrl.origin && sent.pathname.startsWith(request.nextUrl.basePath) && !rest.startsWith('//') && !sent.pathname.startsWith('//');
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

function toResponse(decision: AccessDecision, request: NextRequest, token: string): Response {
  const basePath = request.nextUrl.basePath;
  switch (decision.kind) {
    case 'allow':
      return NextResponse.next();
    case 'misconfigured':
      return errorJson(500, 'bad-config', decision.message);
    case 'unauthorized':
      return errorJson(401, 'unauthorized', 'A valid token is required: send Authorization: Bearer <token>.', { 'WWW-Authenticate': 'Bearer realm="sidecarscope"' });
    case 'login-page':
      return new Response(renderLoginPage({ basePath, next: decision.next, failed: decision.failed }), {
        status: 401,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    case 'start-session':
      return redirect(request, decision.redirectTo, sessionCookie(sessionValueFor(token), request, SESSION_MAX_AGE_SECONDS));
    case 'end-session':
      return redirect(request, decision.redirectTo, sessionCookie('', request, 0));
  }
}

async function decide(request: NextRequest, env: Env): Promise<Response> {
  const refusal = checkRequestLimits({
    method: request.method,
    url: request.nextUrl.pathname + request.nextUrl.search,
    contentLength: request.headers.get('content-length'),
    transferEncoding: request.headers.get('transfer-encoding'),
  });
  if (refusal !== undefined) return errorJson(refusal.status, 'request-too-large', refusal.message);

  const policy = readAccessPolicy(env);
  if (policy.token === undefined) return NextResponse.next();
  const { pathname, searchParams } = request.nextUrl;
  const search = new URLSearchParams(searchParams);
  search.delete('token');
  const rest = search.toString();
  const form = pathname === LOGIN_PATH ? await readLoginForm(request) : {};
  const decision = decideAccess(
    {
      pathname,
      searchWithoutToken: rest === '' ? '' : `?${rest}`,
      authorization: request.headers.get('authorization'),
      sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
      presentedToken: form.token ?? searchParams.get('token') ?? undefined,
      loginNext: form.next,
      accept: request.headers.get('accept'),
    },
    policy,
  );
  return toResponse(decision, request, policy.token);
}

/** Answers or passes on one request, always with the security headers. */
export async function handleProxyRequest(request: NextRequest, env: Env = process.env): Promise<Response> {
  const response = await decide(request, env);
  applySecurityHeaders(response.headers, { isDev: env.NODE_ENV === 'development' });
  return response;
}
