/**
 * The moment a page shows, kept in the URL (`?at=2026-12-05T03:12:00.000Z`) so a link to
 * "checkout at 03:12" can be shared. Absent: live. Pure helpers, tested beside.
 */

/** The moment in an `at` parameter (ISO 8601 or epoch ms), or `undefined` (live) when absent or unreadable. */
export function parseAtParam(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** `path` with `at` (ISO, readable in the address bar) added, or unchanged when live. */
export function withAt(path: string, at: number | undefined, extra: Record<string, string | undefined> = {}): string {
  const [base = '', query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, value);
  if (at !== undefined) params.set('at', new Date(at).toISOString());
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

/** A `datetime-local` input's value for a moment, in UTC (the dashboard shows UTC). */
export function toInputValue(at: number): string {
  return new Date(at).toISOString().slice(0, 19);
}

/** A `datetime-local` value read as UTC, or `undefined` when incomplete. */
export function fromInputValue(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const ms = Date.parse(`${value}${value.length === 16 ? ':00' : ''}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Clamps a chosen moment into the window the history can answer for. */
export function clampToHistory(at: number, oldest: number | undefined, now: number): number {
  return Math.min(now, Math.max(oldest ?? at, at));
}
