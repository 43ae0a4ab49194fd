/**
 * Which paths Next.js runs `proxy.ts` on, computed by Next's own matcher compiler (internal, but
 * pinned with Next): the token and the headers are only as good as this coverage. Under a base
 * path, a catch-all pattern alone misses the root page; this test caught that.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { config } from '../../proxy';

const require = createRequire(import.meta.url);
type CompileMatchers = (matcher: unknown, nextConfig: { basePath: string }) => unknown;
const staticInfo = z
  .object({ getMiddlewareMatchers: z.custom<CompileMatchers>((value) => typeof value === 'function') })
  .parse(require('next/dist/build/analysis/get-page-static-info'));
const compiled = z.array(z.object({ regexp: z.string() }));

function isProxied(path: string, basePath: string): boolean {
  const matchers = compiled.parse(staticInfo.getMiddlewareMatchers(config.matcher, { basePath }));
  return matchers.some(({ regexp }) => new RegExp(regexp).test(path));
}

describe.each(['', '/sidecars'])('proxy coverage with base path %j', (basePath) => {
  it('runs on the root page, written without a trailing slash', () => {
    expect(isProxied(basePath || '/', basePath)).toBe(true);
  });

  it.each(['/pods', '/pods/default/web', '/api/pods', '/api/stream', '/metrics', '/healthz', '/login', '/logout'])('runs on %s', (path) => {
    expect(isProxied(`${basePath}${path}`, basePath)).toBe(true);
  });

  it.each(['/_next/static/chunks/app.js', '/_next/image', '/favicon.ico'])('skips the build asset %s', (path) => {
    expect(isProxied(`${basePath}${path}`, basePath)).toBe(false);
  });
});
