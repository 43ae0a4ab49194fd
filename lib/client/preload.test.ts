import { describe, expect, it } from 'vitest';
import { PRELOAD_FRESH_MS, preloadScript, takePreloaded } from './preload';

/** Runs the inline script against a fake window whose `fetch` records its calls. */
function runScript(url: string, at: number, location = { pathname: '/ops/pods', search: '' }, page = '/ops/pods') {
  const calls: [string, RequestInit | undefined][] = [];
  const response = Promise.resolve(new Response('{}'));
  const scope: Record<string, unknown> = {
    fetch: (input: string, init?: RequestInit) => {
      calls.push([input, init]);
      return response;
    },
  };
  scope.window = scope;
  scope.location = location;
  new Function('window', 'fetch', 'Date', preloadScript(url, page))(scope, scope.fetch, { now: () => at });
  return { scope, calls, response };
}

describe('the list page requested from the HTML', () => {
  it('starts the fetch with the headers fetchJson sends and hands its answer over once', () => {
    const url = '/ops/api/pods?offset=0&limit=100';
    const { scope, calls, response } = runScript(url, 1_000);
    expect(calls).toEqual([[url, { headers: { accept: 'application/json' } }]]);
    expect(takePreloaded('/ops/api/pods?offset=100&limit=100', 1_100, scope)).toBeUndefined();
    expect(takePreloaded(url, 1_100, scope)).toBe(response);
    expect(takePreloaded(url, 1_200, scope)).toBeUndefined();
  });

  it('fetches nothing when the address is not the page it was rendered for (a filtered list)', () => {
    const { calls, scope } = runScript('/ops/api/pods?offset=0&limit=100', 0, { pathname: '/ops/pods', search: '?severity=critical' });
    expect(calls).toEqual([]);
    expect(takePreloaded('/ops/api/pods?offset=0&limit=100', 0, scope)).toBeUndefined();
  });

  it('does not use an answer started too long ago', () => {
    const url = '/api/pods?offset=0&limit=100';
    const { scope } = runScript(url, 1_000, { pathname: '/pods', search: '' }, '/pods');
    expect(takePreloaded(url, 1_000 + PRELOAD_FRESH_MS + 1, scope)).toBeUndefined();
  });

  it('cannot be broken out of by a URL holding markup', () => {
    const script = preloadScript('/api/pods?q=</script><script>alert(1)</script>', '/pods</script>');
    expect(script).not.toMatch(/<\/script>/i);
    const { calls } = runScript('/api/pods?q=</script>&x=\u2028', 0);
    expect(calls[0]?.[0]).toBe('/api/pods?q=</script>&x=\u2028');
  });

  it('finds nothing where no script ran (server, other pages)', () => {
    expect(takePreloaded('/api/pods', 0, undefined)).toBeUndefined();
    expect(takePreloaded('/api/pods', 0, {})).toBeUndefined();
  });
});
