import { describe, expect, it } from 'vitest';
import type { PodRow } from '../model/views';
import { HttpError } from './http-errors';
import { parsePodQuery, queryRows } from './pod-query';

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
