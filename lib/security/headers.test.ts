import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, buildContentSecurityPolicy, buildSecurityHeaders } from './headers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

describe('buildContentSecurityPolicy', () => {
  const production = directives(buildContentSecurityPolicy({ isDev: false }));

  it.each([
    ['default-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
  ])('pins %s to %j in production', (name, sources) => {
    expect(production.get(name)).toEqual(sources);
  });

  it('allows scripts only from the own origin and inline, never eval, in production', () => {
    expect(production.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('names no host: every source is a keyword or a scheme', () => {
    const sources = [...production.values()].flat();
    expect(sources.filter((s) => !s.startsWith("'") && !s.endsWith(':'))).toEqual([]);
  });

  it('adds eval and the hot-reload websocket only in development', () => {
    const dev = directives(buildContentSecurityPolicy({ isDev: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });
});

describe('applySecurityHeaders', () => {
  it('sets every header the issue asks for and replaces earlier values', () => {
    const headers = new Headers({ 'Referrer-Policy': 'unsafe-url' });
    applySecurityHeaders(headers, { isDev: false });
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-security-policy')).toBe(buildSecurityHeaders({ isDev: false })['Content-Security-Policy']);
  });
});
