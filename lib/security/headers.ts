/**
 * Security headers for every page and API response.
 *
 * Scripts: Next.js streams the React Server Components payload as inline `<script>` tags. A nonce
 * would cover them only on pages rendered per request; prerendered pages carry no nonce and would
 * stop working. So inline scripts stay allowed ('unsafe-inline'), while every other source is
 * pinned to the dashboard's own origin: no third-party script, frame, form target or connection.
 * Development adds 'unsafe-eval' (React's dev tooling) and the HMR websocket.
 */

/** What the policy depends on. */
export interface SecurityHeaderOptions {
  isDev: boolean;
}

/** The Content-Security-Policy value for the dashboard. */
export function buildContentSecurityPolicy({ isDev }: SecurityHeaderOptions): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'unsafe-inline'", ...(isDev ? ["'unsafe-eval'"] : [])]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(isDev ? ['ws:', 'wss:'] : [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Every security header, by name. */
export function buildSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': buildContentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

/** Sets the security headers on `headers`, replacing any earlier value. */
export function applySecurityHeaders(headers: Headers, options: SecurityHeaderOptions): void {
  for (const [name, value] of Object.entries(buildSecurityHeaders(options))) headers.set(name, value);
}
