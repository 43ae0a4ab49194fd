/**
 * The one place browser code learns the dashboard's base path (`SIDECARSCOPE_BASE_PATH`, exposed by
 * next.config.js as `NEXT_PUBLIC_BASE_PATH`). `<Link>` and the router add it themselves; `fetch`
 * and `EventSource` do not, so every URL they use goes through {@link withBasePath}.
 */
const basePath = normaliseBasePath(process.env.NEXT_PUBLIC_BASE_PATH ?? '');

/** `"/ops/"` → `"/ops"`, `""` or `"/"` → `""`. */
export function normaliseBasePath(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Prefixes an absolute app path (`/api/summary`) with the base path. */
export function withBasePath(path: string, base: string = basePath): string {
  const suffix = path.startsWith('/') ? path : `/${path}`;
  return `${base}${suffix}`;
}
