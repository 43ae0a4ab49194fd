import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { handleProxyRequest } from './proxy-handler';
import { SESSION_COOKIE, sessionValueFor } from './token';

const TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const WITH_TOKEN = { SIDECARSCOPE_TOKEN: TOKEN, NODE_ENV: 'production' };

function aRequest(path: string, init: { basePath?: string; headers?: Record<string, string>; method?: string; body?: string } = {}) {
  return new NextRequest(`http://dash.test${init.basePath ?? ''}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'text/html', ...init.headers },
    body: init.body,
    nextConfig: { basePath: init.basePath },
  });
}

function isPassedOn(response: Response): boolean {
  return response.headers.get('x-middleware-next') === '1';
}

describe('handleProxyRequest', () => {
  it.each([
    ['a page without a token configured', aRequest('/'), {}],
    ['a 401 for the API', aRequest('/api/pods'), WITH_TOKEN],
    ['the login page', aRequest('/'), WITH_TOKEN],
    ['an open probe', aRequest('/healthz'), WITH_TOKEN],
  ])('sends the security headers on %s', async (_, request, env) => {
    const response = await handleProxyRequest(request, env);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('passes every request on when no token is configured', async () => {
    expect(isPassedOn(await handleProxyRequest(aRequest('/api/pods'), {}))).toBe(true);
  });

  it('answers an API call without credentials with 401 and a Bearer challenge', async () => {
    const response = await handleProxyRequest(aRequest('/api/pods', { headers: { accept: 'application/json' } }), WITH_TOKEN);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sidecarscope"');
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('passes on a request with the bearer token, and on one with the session cookie', async () => {
    expect(isPassedOn(await handleProxyRequest(aRequest('/api/pods', { headers: { authorization: `Bearer ${TOKEN}` } }), WITH_TOKEN))).toBe(true);
    const cookie = `${SESSION_COOKIE}=${sessionValueFor(TOKEN)}`;
    expect(isPassedOn(await handleProxyRequest(aRequest('/api/stream', { headers: { cookie } }), WITH_TOKEN))).toBe(true);
  });

  it('turns ?token= into a session cookie under the base path and drops it from the address', async () => {
    const response = await handleProxyRequest(aRequest(`/pods?token=${TOKEN}&ns=a`, { basePath: '/sidecars', headers: { 'x-forwarded-proto': 'https' } }), WITH_TOKEN);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://dash.test/sidecars/pods?ns=a');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${SESSION_COOKIE}=${sessionValueFor(TOKEN)}`);
    expect(cookie).toMatch(/Path=\/sidecars;.*HttpOnly; SameSite=Lax; Secure$/);
    expect(cookie).not.toContain(TOKEN);
  });

  it('signs in from the login form and continues where the user wanted to go', async () => {
    const body = new URLSearchParams({ token: TOKEN, next: '/pods' }).toString();
    const request = aRequest('/login', {
      basePath: '/sidecars',
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
    });
    const response = await handleProxyRequest(request, WITH_TOKEN);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://dash.test/sidecars/pods');
    expect(response.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('serves a login form that posts under the base path and never echoes the token', async () => {
    const response = await handleProxyRequest(aRequest(`/pods?token=wrong-${TOKEN}`, { basePath: '/sidecars' }), WITH_TOKEN);
    const html = await response.text();
    expect(response.status).toBe(401);
    expect(html).toContain('action="/sidecars/login"');
    expect(html).toContain('not valid');
    expect(html).not.toContain(TOKEN);
  });

  it('ends the session on /logout by expiring the cookie', async () => {
    const response = await handleProxyRequest(aRequest('/logout'), WITH_TOKEN);
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0`));
  });

  it('refuses a body over the size limit before anything reads it', async () => {
    const response = await handleProxyRequest(aRequest('/api/pods', { method: 'POST', body: 'x', headers: { 'content-length': String(1 << 20) } }), {});
    expect(response.status).toBe(413);
    expect(response.headers.get('content-security-policy')).not.toBeNull();
  });
});

describe('the address sent after sign-in', () => {
  const login = (next: string, basePath?: string) => {
    const body = new URLSearchParams({ token: TOKEN, next }).toString();
    return handleProxyRequest(
      aRequest('/login', { basePath, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) } }),
      WITH_TOKEN,
    );
  };

  it.each(['/.//evil.com', '/a/..//evil.com', '/%2e%2e/%2e%2e//evil.com', '/\\evil.com', '/.\\\\evil.com', 'https://evil.com/', '//evil.com', '/%2f%2fevil.com', '/..%2f..%2f/evil.com'])(
    'stays on this site for next=%j, with and without a base path',
    async (next) => {
      for (const basePath of [undefined, '/sidecars']) {
        const response = await login(next, basePath);
        expect(response.status).toBe(303);
        const location = new URL(response.headers.get('location') ?? '', 'http://other.invalid');
        expect(location.origin).toBe('http://dash.test');
        const rest = location.pathname.slice((basePath ?? '').length);
        expect(location.pathname.startsWith(basePath ?? '')).toBe(true);
        expect(rest === '' || rest.startsWith('/')).toBe(true);
        expect(rest).not.toMatch(/^\/\//);
      }
    },
  );
});
