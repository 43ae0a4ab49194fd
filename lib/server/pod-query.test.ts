import { describe, expect, it } from 'vitest';
import type { PodRow } from '../model/views';
import { HttpError } from './http-errors';
import { POD_SORTS } from '../model/contract';
import { PodQueryCache, parsePodQuery, queryRows } from './pod-query';

function row(name: string, overrides: Partial<PodRow> = {}): PodRow {
  return {
    uid: `uid-${name}`,
    namespace: 'default',
    name,
    workload: { kind: 'Deployment', name: 'web' },
    phase: 'Running',
    status: 'Running',
    ready: '1/1',
    restarts: 0,
    createdAt: 0,
    deleted: false,
    containers: [{ name: 'app', kind: 'main' }],
    findings: { critical: 0, warning: 0, info: 0 },
    findingIds: [],
    ...overrides,
  };
}

const rows: PodRow[] = [
  row('api-1', {
    namespace: 'shop',
    restarts: 3,
    createdAt: 10,
    containers: [
      { name: 'app', kind: 'main' },
      { name: 'istio-proxy', kind: 'native-sidecar', signal: 'native' },
    ],
    findings: { critical: 1, warning: 0, info: 0 },
    findingIds: ['sidecar-crashloop'],
  }),
  row('api-2', {
    namespace: 'shop',
    restarts: 0,
    createdAt: 30,
    containers: [
      { name: 'app', kind: 'main' },
      { name: 'envoy', kind: 'legacy-sidecar', signal: 'name' },
    ],
    findings: { critical: 0, warning: 1, info: 1 },
    findingIds: ['legacy-sidecar', 'sidecar-no-resources'],
  }),
  row('batch-1', { namespace: 'jobs', workload: { kind: 'Job', name: 'nightly' }, restarts: 1, createdAt: 20, status: 'Completed' }),
];

const names = (params: string) => queryRows(rows, parsePodQuery(new URLSearchParams(params))).rows.map((r) => r.name);

describe('pod query', () => {
  it.each([
    ['', ['batch-1', 'api-1', 'api-2']],
    ['namespace=shop', ['api-1', 'api-2']],
    ['namespace=jobs,shop&sort=name', ['api-1', 'api-2', 'batch-1']],
    ['workload=Job/nightly', ['batch-1']],
    ['finding=legacy-sidecar', ['api-2']],
    ['severity=critical', ['api-1']],
    ['kind=native-sidecar', ['api-1']],
    ['kind=legacy-sidecar', ['api-2']],
    ['kind=any-sidecar', ['api-1', 'api-2']],
    ['kind=none', ['batch-1']],
    ['q=ENVOY', ['api-2']],
    ['q=completed', ['batch-1']],
    ['sort=-restarts', ['api-1', 'batch-1', 'api-2']],
    ['sort=age', ['api-2', 'batch-1', 'api-1']],
    ['sort=-findings', ['api-1', 'api-2', 'batch-1']],
    ['sort=-name&offset=1&limit=1', ['api-2']],
  ])('?%s selects %j', (params, expected) => {
    expect(names(params)).toEqual(expected);
  });

  it('reports the total before paging', () => {
    const page = queryRows(rows, parsePodQuery(new URLSearchParams('limit=1')));
    expect({ total: page.total, offset: page.offset, limit: page.limit, rows: page.rows.length }).toEqual({ total: 3, offset: 0, limit: 1, rows: 1 });
  });

  it.each([
    ['limit=1001', 'limit'],
    ['limit=0', 'limit'],
    ['offset=-1', 'offset'],
    ['sort=size', 'sort'],
    ['severity=high', 'severity'],
    ['kind=sidecar', 'kind'],
    ['workload=web', 'workload'],
    ['finding=sidecar-crashlooping', 'finding'],
  ])('rejects ?%s with a 400 naming %s', (params, name) => {
    try {
      parsePodQuery(new URLSearchParams(params));
      expect.fail('expected a 400');
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).message).toMatch(new RegExp(`^${name}:`));
    }
  });
});

/** 3,000 rows in a scrambled order, with ties on every sort key (same namespace and name twice: a pod and its deleted incarnation). */
function manyRows(): PodRow[] {
  const out: PodRow[] = [];
  for (let i = 0; i < 3_000; i += 1) {
    const n = (i * 7_919) % 1_500;
    out.push(
      row(`pod-${n % 700}`, {
        uid: `uid-${i}`,
        namespace: `ns-${n % 13}`,
        status: ['Running', 'Pending', 'CrashLoopBackOff'][n % 3] ?? 'Running',
        restarts: n % 5,
        createdAt: n % 17,
        deleted: i % 11 === 0,
        findings: { critical: n % 2, warning: n % 3, info: 0 },
      }),
    );
  }
  return out;
}

/** What the list answered before pages were selected without a full sort: filter, stable sort, slice. */
function byFullSort(all: PodRow[], params: string): string[] {
  const q = parsePodQuery(new URLSearchParams(params));
  // Pages past the first 500 rows are still cut from a full sort.
  const page = queryRows(all, { ...q, offset: 0, limit: 1_000 });
  const rest = queryRows(all, { ...q, offset: 1_000, limit: 1_000 });
  const last = queryRows(all, { ...q, offset: 2_000, limit: 1_000 });
  return [...page.rows, ...rest.rows, ...last.rows].slice(q.offset, q.offset + q.limit).map((r) => r.uid);
}

describe('pages selected without sorting every hit', () => {
  const all = manyRows();

  it.each(POD_SORTS.flatMap((sort) => ['offset=0&limit=100', 'offset=150&limit=100', 'offset=400&limit=100'].map((paging) => `sort=${sort}&${paging}`)))(
    '?%s gives the rows and total a full stable sort gives',
    (params) => {
      const q = parsePodQuery(new URLSearchParams(params));
      const page = queryRows(all, q);
      expect(page.total).toBe(3_000);
      expect(page.rows.map((r) => r.uid)).toEqual(byFullSort(all, params));
    },
  );

  it('filters before selecting: the total counts every hit', () => {
    const page = queryRows(all, parsePodQuery(new URLSearchParams('namespace=ns-3&sort=-restarts&limit=10')));
    expect(page.total).toBe(all.filter((r) => r.namespace === 'ns-3').length);
    expect(page.rows.map((r) => r.restarts)).toEqual(Array(10).fill(4));
  });
});

describe('PodQueryCache', () => {
  const all = manyRows();
  const counting = () => {
    const calls = { n: 0 };
    return { calls, rows: () => (calls.n++, all) };
  };
  const q = (params: string) => parsePodQuery(new URLSearchParams(params));

  it('answers the pages of one query from one pass over the rows while their version holds', () => {
    const cache = new PodQueryCache();
    const { calls, rows } = counting();
    const first = cache.query(1, rows, q('sort=name&offset=0&limit=100'));
    const second = cache.query(1, rows, q('sort=name&offset=100&limit=100'));
    expect(calls.n).toBe(1);
    expect(first.rows.map((r) => r.uid)).toEqual(queryRows(all, q('sort=name&offset=0&limit=100')).rows.map((r) => r.uid));
    expect(second.rows.map((r) => r.uid)).toEqual(queryRows(all, q('sort=name&offset=100&limit=100')).rows.map((r) => r.uid));
    expect(second.total).toBe(3_000);
  });

  it('reads the rows again when their version moves, or for a page deeper than it holds', () => {
    const cache = new PodQueryCache();
    const { calls, rows } = counting();
    cache.query(1, rows, q('offset=0&limit=100'));
    cache.query(2, rows, q('offset=0&limit=100'));
    expect(calls.n).toBe(2);
    const deep = cache.query(2, rows, q('offset=2900&limit=100'));
    expect(calls.n).toBe(3);
    expect(deep.rows.map((r) => r.uid)).toEqual(queryRows(all, q('offset=2900&limit=100')).rows.map((r) => r.uid));
    cache.query(2, rows, q('offset=1500&limit=100'));
    expect(calls.n).toBe(3);
  });

  it('holds at most its bound of queries, and none of an older version', () => {
    const cache = new PodQueryCache(2);
    const { rows } = counting();
    cache.query(1, rows, q('sort=name'));
    cache.query(1, rows, q('sort=age'));
    cache.query(1, rows, q('sort=status'));
    expect(cache.size).toBe(2);
    cache.query(2, rows, q('sort=name'));
    expect(cache.size).toBe(1);
  });
});
