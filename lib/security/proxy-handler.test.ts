import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { PEER_HEADER } from './client-address';
import { createGuessLimiter } from './guess-limits';
import { handleProxyRequest as handle, type ProxyDeps } from './proxy-handler';
import { createSessionStore } from './sessions';
import { SESSION_COOKIE } from './token';
import { TOKEN_FILE_RECHECK_MS } from './token-file';

const TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const WITH_TOKEN = { SIDECARSCOPE_TOKEN: TOKEN, NODE_ENV: 'production' };

function aRequest(path: string, init: { basePath?: string; headers?: Record<string, string>; method?: string; body?: string } = {}) {
  return new NextRequest(`http://localhost:3000${init.basePath ?? ''}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'text/html', ...init.headers },
    body: init.body,
    nextConfig: { basePath: init.basePath },
  });
}

const NOW = Date.parse('2026-01-01T12:00:00Z');
let sessions = createSessionStore();

function handleProxyRequest(request: NextRequest, env: Record<string, string | undefined>, deps: Partial<ProxyDeps> = {}) {
  return handle(request, { env, now: () => NOW, sessions, guesses: createGuessLimiter(), ...deps });
}

function cookieValueOf(response: Response): string {
  return /sidecarscope_session=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
}

async function signIn(basePath?: string): Promise<string> {
  const response = await handleProxyRequest(aRequest(`/?token=${TOKEN}`, { basePath }), WITH_TOKEN);
  return cookieValueOf(response);
}

beforeEach(() => {
  sessions = createSessionStore();
});

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
    const cookie = `${SESSION_COOKIE}=${await signIn()}`;
    expect(isPassedOn(await handleProxyRequest(aRequest('/api/stream', { headers: { cookie } }), WITH_TOKEN))).toBe(true);
  });

  it('turns ?token= into a session cookie under the base path and drops it from the address', async () => {
    const response = await handleProxyRequest(
      aRequest(`/pods?token=${TOKEN}&ns=a`, { basePath: '/sidecars', headers: { 'x-forwarded-proto': 'https' } }),
      WITH_TOKEN,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://localhost:3000/sidecars/pods?ns=a');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(sessions.isValid(cookieValueOf(response), TOKEN, NOW)).toBe(true);
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
    expect(response.headers.get('location')).toBe('http://localhost:3000/sidecars/pods');
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

  it('ends the session on a same-site POST /logout: the old cookie no longer works', async () => {
    const value = await signIn();
    const cookie = `${SESSION_COOKIE}=${value}`;
    const response = await handleProxyRequest(
      aRequest('/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' } }),
      WITH_TOKEN,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0`));
    const after = await handleProxyRequest(aRequest('/api/pods', { headers: { cookie, accept: 'application/json' } }), WITH_TOKEN);
    expect(after.status).toBe(401);
  });

  it.each([
    ['a GET (a link or an image on another site)', { method: 'GET', headers: { 'sec-fetch-site': 'cross-site' } }],
    ['a cross-site POST', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } }],
    ['a POST from another origin', { method: 'POST', headers: { origin: 'https://evil.example' } }],
  ])('does not sign out on %s', async (_, init) => {
    const cookie = `${SESSION_COOKIE}=${await signIn()}`;
    const response = await handleProxyRequest(aRequest('/logout', { method: init.method, headers: { cookie, ...init.headers } }), WITH_TOKEN);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('Sign out');
    expect(isPassedOn(await handleProxyRequest(aRequest('/api/pods', { headers: { cookie } }), WITH_TOKEN))).toBe(true);
  });

  it('gives each sign-in its own session', async () => {
    expect(await signIn()).not.toBe(await signIn());
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
      aRequest('/login', {
        basePath,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
      }),
      WITH_TOKEN,
    );
  };

  it.each([
    '/.//evil.com',
    '/a/..//evil.com',
    '/%2e%2e/%2e%2e//evil.com',
    '/\\evil.com',
    '/.\\\\evil.com',
    'https://evil.com/',
    '//evil.com',
    '/%2f%2fevil.com',
    '/..%2f..%2f/evil.com',
  ])('stays on this site for next=%j, with and without a base path', async (next) => {
    for (const basePath of [undefined, '/sidecars']) {
      const response = await login(next, basePath);
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '', 'http://other.invalid');
      expect(location.origin).toBe('http://localhost:3000');
      const rest = location.pathname.slice((basePath ?? '').length);
      expect(location.pathname.startsWith(basePath ?? '')).toBe(true);
      expect(rest === '' || rest.startsWith('/')).toBe(true);
      expect(rest).not.toMatch(/^\/\//);
    }
  });
});

describe('without a token (local mode)', () => {
  const forged = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? 'GET', headers: { host: 'rebound.evil.example:3000', ...init.headers } });

  it.each([
    ['a page', forged('/')],
    ['the pod list', forged('/api/pods')],
    ['the contexts', forged('/api/contexts')],
    [
      'a context switch',
      forged('/api/contexts', { method: 'POST', headers: { origin: 'http://rebound.evil.example:3000', 'content-type': 'application/json' } }),
    ],
  ])('refuses %s asked for under a rebound host name', async (_, request) => {
    const response = await handleProxyRequest(request, {});
    expect(response.status).toBe(421);
    expect(response.headers.get('content-security-policy')).not.toBeNull();
  });

  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000'])('serves %s', async (host) => {
    expect(isPassedOn(await handleProxyRequest(new NextRequest(`http://localhost:3000/api/pods`, { headers: { host } }), {}))).toBe(true);
  });

  it('serves the names SIDECARSCOPE_ALLOWED_HOSTS adds, and the probes under any name', async () => {
    const env = { SIDECARSCOPE_ALLOWED_HOSTS: 'dash.lan' };
    expect(isPassedOn(await handleProxyRequest(new NextRequest('http://x/api/pods', { headers: { host: 'dash.lan:3000' } }), env))).toBe(true);
    expect(isPassedOn(await handleProxyRequest(new NextRequest('http://x/healthz', { headers: { host: '10.1.2.3:3000' } }), env))).toBe(true);
  });
});

describe('token guesses', () => {
  it('answers 429 with Retry-After once an address guessed too often, and only that address', async () => {
    const guesses = createGuessLimiter({ burst: 3, refillMs: 60_000, maxAddresses: 100 });
    const guess = (peer: string, token: string) =>
      handleProxyRequest(
        aRequest('/api/pods', { headers: { authorization: `Bearer ${token}`, [PEER_HEADER]: peer, 'x-forwarded-for': `${Math.random()}` } }),
        WITH_TOKEN,
        { guesses },
      );
    for (let i = 0; i < 3; i += 1) expect((await guess('203.0.113.1', `wrong-${i}-0000000000000`)).status).toBe(401);
    const limited = await guess('203.0.113.1', 'wrong-x-0000000000000');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await guess('203.0.113.1', TOKEN)).status).toBe(429);
    expect(isPassedOn(await guess('203.0.113.2', TOKEN))).toBe(true);
  });
});

describe('the token from SIDECARSCOPE_TOKEN_FILE (a mounted Secret)', () => {
  it('refuses while the file is missing, turns the token on once it appears, and follows a rotation, without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarscope-token-'));
    const file = join(dir, 'token');
    const env = { SIDECARSCOPE_TOKEN_FILE: file };
    let now = NOW;
    const call = (token: string) => handleProxyRequest(aRequest('/api/pods', { headers: { authorization: `Bearer ${token}` } }), env, { now: () => now });
    try {
      const missing = await call(TOKEN);
      expect(missing.status).toBe(500);
      expect(await missing.text()).not.toContain(dir);
      writeFileSync(file, `${TOKEN}\n`);
      now += TOKEN_FILE_RECHECK_MS;
      expect(isPassedOn(await call(TOKEN))).toBe(true);
      const rotated = `${TOKEN}-rotated`;
      writeFileSync(file, rotated);
      now += TOKEN_FILE_RECHECK_MS;
      expect((await call(TOKEN)).status).toBe(401);
      expect(isPassedOn(await call(rotated))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
