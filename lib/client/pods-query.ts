/**
 * The pods list's filter and sort state, kept in the page URL so a link shows the same list. The
 * same keys are sent to `GET /api/pods` (their values are the contract's, `lib/model/contract.ts`);
 * filtering, sorting and paging happen on the server.
 */
import { POD_SORTS, SIDECAR_KIND_FILTERS, type PodSort, type SidecarKindFilter } from '@/lib/model/contract';
import { SEVERITIES, findingIdSchema, type FindingId, type Severity } from '@/lib/model/types';

export interface PodsQuery {
  namespaces: string[];
  /** `Kind/name`, e.g. `Deployment/checkout`. */
  workload?: string;
  finding?: FindingId;
  severity?: Severity;
  kind?: SidecarKindFilter;
  q?: string;
  sort?: PodSort;
}

interface ParamReader {
  get(name: string): string | null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

function nonEmpty(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads the filter state from URL parameters; unknown values are dropped, never thrown. */
export function parsePodsQuery(params: ParamReader): PodsQuery {
  const namespaces = (params.get('namespace') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const finding = findingIdSchema.safeParse(nonEmpty(params.get('finding')));
  return {
    namespaces,
    workload: nonEmpty(params.get('workload')),
    finding: finding.success ? finding.data : undefined,
    severity: oneOf(params.get('severity'), SEVERITIES),
    kind: oneOf(params.get('kind'), SIDECAR_KIND_FILTERS),
    q: nonEmpty(params.get('q')),
    sort: oneOf(params.get('sort'), POD_SORTS),
  };
}

/** The URL parameters for a filter state, in a stable order, empty filters left out. */
export function toSearchParams(query: PodsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.namespaces.length > 0) params.set('namespace', query.namespaces.join(','));
  const rest: [string, string | undefined][] = [
    ['workload', query.workload],
    ['finding', query.finding],
    ['severity', query.severity],
    ['kind', query.kind],
    ['q', query.q],
    ['sort', query.sort],
  ];
  for (const [key, value] of rest) if (value) params.set(key, value);
  return params;
}

/** The API path of one page of the list. */
export function toPodsApiPath(query: PodsQuery, offset: number, limit: number, at?: number): string {
  const params = toSearchParams(query);
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  if (at !== undefined) params.set('at', new Date(at).toISOString());
  return `/api/pods?${params.toString()}`;
}

/** True when any filter (not the sort) narrows the list. */
export function hasFilters(query: PodsQuery): boolean {
  return query.namespaces.length > 0 || Boolean(query.workload || query.finding || query.severity || query.kind || query.q);
}
