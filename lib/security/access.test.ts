import { describe, expect, it } from 'vitest';
import { decideAccess, readAccessPolicy, toSafeNextPath, type AccessPolicy, type AccessRequest } from './access';

const TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const policy: AccessPolicy = { token: TOKEN };
const HTML = 'text/html,application/xhtml+xml';

function aRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    pathname: '/',
    searchWithoutToken: '',
    method: 'GET',
    authorization: null,
    hasSession: false,
    isSameOrigin: true,
    viaMetricsPort: false,
    presentedToken: undefined,
    accept: HTML,
    ...overrides,
  };
}

describe('decideAccess without a token', () => {
  it.each(['/', '/api/pods', '/api/stream', '/metrics'])('lets %s through', (pathname) => {
    expect(decideAccess(aRequest({ pathname }), { token: undefined })).toEqual({ kind: 'allow' });
  });
});

describe('decideAccess with a token', () => {
  it.each([
    ['the liveness probe', aRequest({ pathname: '/healthz', accept: null }), 'allow'],
    ['the readiness probe', aRequest({ pathname: '/readyz', accept: null }), 'allow'],
    ['an anonymous page view', aRequest(), 'login-page'],
    ['an anonymous API call', aRequest({ pathname: '/api/pods', accept: 'application/json' }), 'unauthorized'],
    ['an anonymous API call from a browser tab', aRequest({ pathname: '/api/pods' }), 'unauthorized'],
    ['an anonymous event stream', aRequest({ pathname: '/api/stream', accept: 'text/event-stream' }), 'unauthorized'],
    ['an anonymous scrape of /metrics', aRequest({ pathname: '/metrics', accept: 'text/plain' }), 'unauthorized'],
    ['a valid bearer token', aRequest({ pathname: '/api/pods', authorization: `Bearer ${TOKEN}` }), 'allow'],
    ['a wrong bearer token, even with a valid session', aRequest({ authorization: 'Bearer nope', hasSession: true }), 'unauthorized'],
    ['a valid session cookie', aRequest({ pathname: '/api/stream', hasSession: true }), 'allow'],
    ['a page view without a valid session', aRequest({ hasSession: false }), 'login-page'],
    ['a valid ?token=', aRequest({ presentedToken: TOKEN }), 'start-session'],
    ['a wrong ?token=', aRequest({ presentedToken: 'guess' }), 'login-page'],
    ['a same-site POST to the logout path', aRequest({ pathname: '/logout', method: 'POST', hasSession: true }), 'end-session'],
    ['a GET of the logout path (a link or image on any site)', aRequest({ pathname: '/logout', hasSession: true }), 'logout-page'],
    ['a cross-site POST to the logout path', aRequest({ pathname: '/logout', method: 'POST', hasSession: true, isSameOrigin: false }), 'logout-page'],
  ])('answers %s with %s', (_, request, kind) => {
    expect(decideAccess(request, policy).kind).toBe(kind);
  });

  it('opens /metrics only through the metrics port, never on the main one even with SIDECARSCOPE_METRICS_OPEN=1', () => {
    const scrape = aRequest({ pathname: '/metrics', accept: 'text/plain' });
    const open = readAccessPolicy({ SIDECARSCOPE_TOKEN: TOKEN, SIDECARSCOPE_METRICS_OPEN: '1' });
    expect(decideAccess(scrape, open).kind).toBe('unauthorized');
    expect(decideAccess({ ...scrape, viaMetricsPort: true }, open).kind).toBe('allow');
    expect(decideAccess({ ...scrape, pathname: '/api/pods', viaMetricsPort: true }, open).kind).toBe('unauthorized');
  });

  it('returns to the page the token link pointed at, without the token', () => {
    const decision = decideAccess(aRequest({ pathname: '/pods/default/web', searchWithoutToken: '?tab=timeline', presentedToken: TOKEN }), policy);
    expect(decision).toEqual({ kind: 'start-session', redirectTo: '/pods/default/web?tab=timeline' });
  });

  it('continues after the login form only to a path of this site', () => {
    const login = (loginNext: string) => decideAccess(aRequest({ pathname: '/login', presentedToken: TOKEN, loginNext }), policy);
    expect(login('/pods?ns=a')).toEqual({ kind: 'start-session', redirectTo: '/pods?ns=a' });
    expect(login('https://evil.example/')).toEqual({ kind: 'start-session', redirectTo: '/' });
  });

  it('ignores where a sign-in form posted from another site wants to go', () => {
    const decision = decideAccess(aRequest({ pathname: '/login', method: 'POST', presentedToken: TOKEN, loginNext: '/pods', isSameOrigin: false }), policy);
    expect(decision).toEqual({ kind: 'start-session', redirectTo: '/' });
  });

  it('shows the login form again, marked failed, after a wrong token', () => {
    expect(decideAccess(aRequest({ pathname: '/login', presentedToken: 'guess', loginNext: '/x' }), policy)).toEqual({
      kind: 'login-page',
      next: '/x',
      failed: true,
    });
  });

  it('refuses to serve anything but the probes when the token is too short', () => {
    const weak = readAccessPolicy({ SIDECARSCOPE_TOKEN: 'secret' });
    expect(decideAccess(aRequest({ authorization: 'Bearer secret' }), weak).kind).toBe('misconfigured');
    expect(decideAccess(aRequest({ pathname: '/healthz' }), weak).kind).toBe('allow');
  });
});

describe('readAccessPolicy', () => {
  it('treats an empty or blank token as no token', () => {
    expect(readAccessPolicy({ SIDECARSCOPE_TOKEN: '  ' }).token).toBeUndefined();
    expect(readAccessPolicy({}).token).toBeUndefined();
  });
});

describe('toSafeNextPath', () => {
  it.each([
    ['/pods?x=1', '/pods?x=1'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/a\nSet-Cookie: x', '/'],
    [undefined, '/'],
    ['/.//evil.com', '/'],
    ['/a/..//evil.com', '/'],
    ['/%2e%2e/%2e%2e//evil.com', '/'],
    ['/%2E%2E//evil.com/x', '/'],
    ['/.\\evil.com', '/'],
    ['/%5c%5cevil.com', '/'],
    ['http://dash.test/pods', '/'],
    ['/pods/./a/../b?x=1#frag', '/pods/b?x=1'],
  ])('maps %j to %j', (next, safe) => {
    expect(toSafeNextPath(next)).toBe(safe);
  });
});
