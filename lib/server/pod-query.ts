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

/** Filters, sorts (`age` = youngest first) and pages rows. */
export function queryRows(rows: Iterable<PodRow>, q: PodQuery): PodPage {
  const namespaces = q.namespace && q.namespace.length > 0 ? new Set(q.namespace) : undefined;
  const text = q.q?.trim().toLowerCase() || undefined;
  const hits: PodRow[] = [];
  for (const row of rows) if (matches(row, q, namespaces, text)) hits.push(row);
  hits.sort(COMPARE[q.sort]);
  return { total: hits.length, offset: q.offset, limit: q.limit, rows: hits.slice(q.offset, q.offset + q.limit) };
}
