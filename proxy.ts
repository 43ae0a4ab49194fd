/**
 * Next.js 16 proxy (formerly middleware): request limits, the optional `SIDECARSCOPE_TOKEN` and
 * the security headers, for every request except build assets. Logic: lib/security/proxy-handler.ts.
 */
import type { NextRequest } from 'next/server';
import { handleProxyRequest } from './lib/security/proxy-handler';

export function proxy(request: NextRequest): Promise<Response> {
  return handleProxyRequest(request);
}

export const config = {
  // Relative to the base path. '/' on its own: under a base path the second pattern needs a '/'
  // after it and would miss the root page. Build assets hold no data and need no extra headers.
  matcher: ['/', '/((?!_next/static|_next/image|favicon.ico).*)'],
};
