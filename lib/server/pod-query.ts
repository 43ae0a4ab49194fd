/**
 * `GET /api/pods` query parameters (validated by the contract's `podQuerySchema`; a bad one is a
 * 400 naming it) and the filter, sort and page over the hub's rows.
 */
import 'server-only';
import { podQuerySchema, type PodQuery } from '../model/contract';
import type { PodPage, PodRow } from '../model/views';
import { HttpError } from './http-errors';

/** Parses URL search params; throws a 400 {@link HttpError} naming the bad parameter. */
export function parsePodQuery(params: URLSearchParams): PodQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(podQuerySchema.shape)) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const parsed = podQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? 'query';
  throw new HttpError(400, 'bad-parameter', `${where}: ${issue?.message ?? 'invalid'}`);
}

function hasKind(row: PodRow, kind: NonNullable<PodQuery['kind']>): boolean {
  const kinds = new Set(row.containers.map((c) => c.kind));
  if (kind === 'any-sidecar') return kinds.has('native-sidecar') || kinds.has('legacy-sidecar');
  if (kind === 'none') return !kinds.has('native-sidecar') && !kinds.has('legacy-sidecar');
  return kinds.has(kind);
}

function matches(row: PodRow, q: PodQuery, namespaces: Set<string> | undefined, text: string | undefined): boolean {
  if (namespaces && !namespaces.has(row.namespace)) return false;
  if (q.workload && (row.workload.kind !== q.workload.kind || row.workload.name !== q.workload.name)) return false;
  if (q.finding && !row.findingIds.some((id) => id === q.finding)) return false;
  if (q.severity && row.findings[q.severity] === 0) return false;
  if (q.kind && !hasKind(row, q.kind)) return false;
  if (text) {
    const hay = `${row.namespace}/${row.name} ${row.workload.name} ${row.node ?? ''} ${row.status} ${row.containers.map((c) => c.name).join(' ')}`;
    if (!hay.toLowerCase().includes(text)) return false;
  }
  return true;
}

const weight = (r: PodRow) => r.findings.critical * 1_000_000 + r.findings.warning * 1_000 + r.findings.info;
const byName = (a: PodRow, b: PodRow) => a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
const byNamespace = (a: PodRow, b: PodRow) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

const COMPARE: Record<PodQuery['sort'], (a: PodRow, b: PodRow) => number> = {
  name: byName,
  '-name': (a, b) => byName(b, a),
  namespace: byNamespace,
  status: (a, b) => a.status.localeCompare(b.status) || byNamespace(a, b),
  restarts: (a, b) => a.restarts - b.restarts || byNamespace(a, b),
  '-restarts': (a, b) => b.restarts - a.restarts || byNamespace(a, b),
  age: (a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || byNamespace(a, b),
  '-age': (a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || byNamespace(a, b),
  findings: (a, b) => weight(a) - weight(b) || byNamespace(a, b),
  '-findings': (a, b) => weight(b) - weight(a) || byNamespace(a, b),
};

/** Up to this many rows (offset + limit), a page is selected from the hits without sorting them all. */
const SELECT_UP_TO = 500;

/** Index in sorted `best` after every row that sorts before or with `row` (keeps the sort stable). */
function upperBound(best: PodRow[], row: PodRow, compare: (a: PodRow, b: PodRow) => number): number {
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(best[mid] as PodRow, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The hits of `q`'s filter, and the first `depth` of them in `q`'s order (all when `depth` is
 * undefined), in the order a stable sort of the hits would give.
 */
function sortedHits(rows: Iterable<PodRow>, q: PodQuery, depth: number | undefined): { total: number; sorted: PodRow[] } {
  const namespaces = q.namespace && q.namespace.length > 0 ? new Set(q.namespace) : undefined;
  const text = q.q?.trim().toLowerCase() || undefined;
  const compare = COMPARE[q.sort];
  if (depth === undefined) {
    const hits: PodRow[] = [];
    for (const row of rows) if (matches(row, q, namespaces, text)) hits.push(row);
    return { total: hits.length, sorted: hits.sort(compare) };
  }
  // Keeps the best `depth` rows sorted as they come: past the first few thousand rows, most are
  // rejected by one comparison with the last kept (at 100,000 pods, ~10x less work than a sort).
  let total = 0;
  const best: PodRow[] = [];
  for (const row of rows) {
    if (!matches(row, q, namespaces, text)) continue;
    total += 1;
    if (best.length === depth && compare(best[depth - 1] as PodRow, row) <= 0) continue;
    best.splice(upperBound(best, row, compare), 0, row);
    if (best.length > depth) best.pop();
  }
  return { total, sorted: best };
}

/** Filters, sorts (`age` = youngest first) and pages rows. */
export function queryRows(rows: Iterable<PodRow>, q: PodQuery): PodPage {
  const end = q.offset + q.limit;
  const { total, sorted } = sortedHits(rows, q, end <= SELECT_UP_TO ? end : undefined);
  return { total, offset: q.offset, limit: q.limit, rows: sorted.slice(q.offset, end) };
}

interface Cached {
  version: number;
  total: number;
  /** The first rows in order: all of them when `complete`. */
  sorted: PodRow[];
  complete: boolean;
}

/**
 * The hits of the last few filters and sorts, in order, for one version of the rows: the pages
 * of one list (a scroll asks for several at once) and every open list refetching after the same
 * delta are answered without filtering and sorting every row again. At most `max` queries, each
 * at most one reference per row; any change of a row (a new version) makes them all stale.
 */
export class PodQueryCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly max = 4) {}

  /** `version` must change whenever any of `rows()` does (see `Hub.rowsVersion`). */
  query(version: number, rows: () => Iterable<PodRow>, q: PodQuery): PodPage {
    const key = JSON.stringify([q.namespace, q.workload, q.finding, q.severity, q.kind, q.q?.trim().toLowerCase(), q.sort]);
    const end = q.offset + q.limit;
    let cached = this.entries.get(key);
    if (!cached || cached.version !== version || (!cached.complete && cached.sorted.length < Math.min(end, cached.total))) {
      const depth = end <= SELECT_UP_TO ? SELECT_UP_TO : undefined;
      const { total, sorted } = sortedHits(rows(), q, depth);
      cached = { version, total, sorted, complete: depth === undefined || sorted.length === total };
    }
    this.entries.delete(key);
    this.entries.set(key, cached);
    for (const [old, entry] of this.entries) if (entry.version !== version) this.entries.delete(old);
    for (const old of this.entries.keys()) if (this.entries.size > this.max) this.entries.delete(old);
    return { total: cached.total, offset: q.offset, limit: q.limit, rows: cached.sorted.slice(q.offset, end) };
  }

  /** Queries held (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
