import { describe, expect, it } from 'vitest';
import { POD_SORTS, SIDECAR_KIND_FILTERS, podQuerySchema } from '@/lib/model/contract';
import { FINDING_IDS, SEVERITIES } from '@/lib/model/types';
import { hasFilters, parsePodsQuery, toPodsApiPath, toSearchParams, type PodsQuery } from './pods-query';

describe('pods query in the URL', () => {
  it.each<[string, string, Partial<PodsQuery>]>([
    ['reads a comma-separated namespace list', 'namespace=payments,%20jobs', { namespaces: ['payments', 'jobs'] }],
    ['keeps a known severity', 'severity=critical', { severity: 'critical' }],
    ['drops an unknown severity', 'severity=urgent', { severity: undefined }],
    ['keeps a known sidecar kind', 'kind=native-sidecar', { kind: 'native-sidecar' }],
    ['drops an unknown sort', 'sort=color', { sort: undefined }],
    ['keeps a descending sort', 'sort=-restarts', { sort: '-restarts' }],
    ['ignores blank free text', 'q=%20%20', { q: undefined }],
    ['drops a finding id with odd characters', 'finding=%3Cscript%3E', { finding: undefined }],
    ['drops a finding id the model does not emit, which the server would refuse', 'finding=sidecar-crashlooping', { finding: undefined }],
    ['keeps a finding id the model emits', 'finding=container-oomkilled', { finding: 'container-oomkilled' }],
  ])('%s', (_, search, expected) => {
    expect(parsePodsQuery(new URLSearchParams(search))).toMatchObject(expected);
  });

  it('survives a round trip through the URL unchanged', () => {
    const query: PodsQuery = {
      namespaces: ['a', 'b'],
      workload: 'Deployment/checkout',
      finding: 'startup-race',
      severity: 'warning',
      kind: 'any-sidecar',
      q: 'istio proxy',
      sort: '-age',
    };
    expect(parsePodsQuery(toSearchParams(query))).toEqual(query);
  });

  it('leaves empty filters out of the URL', () => {
    expect(toSearchParams({ namespaces: [], q: 'api' }).toString()).toBe('q=api');
  });

  it('asks the API for one page with offset and limit', () => {
    const path = toPodsApiPath({ namespaces: ['jobs'], sort: 'name' }, 200, 100);
    const params = new URL(path, 'http://x').searchParams;
    expect([params.get('namespace'), params.get('sort'), params.get('offset'), params.get('limit')]).toEqual(['jobs', 'name', '200', '100']);
  });

  it.each<[Partial<PodsQuery>, boolean]>([
    [{}, false],
    [{ sort: 'name' }, false],
    [{ namespaces: ['x'] }, true],
    [{ q: 'x' }, true],
  ])('says whether %o filters the list', (partial, expected) => {
    expect(hasFilters({ namespaces: [], ...partial })).toBe(expected);
  });

  it('asks only for what the server accepts, for every sort, finding, severity and sidecar kind the page offers', () => {
    const offered: PodsQuery[] = [
      ...POD_SORTS.map((sort) => ({ namespaces: ['a', 'b'], sort })),
      ...FINDING_IDS.map((finding) => ({ namespaces: [], finding })),
      ...SEVERITIES.map((severity) => ({ namespaces: [], severity })),
      ...SIDECAR_KIND_FILTERS.map((kind) => ({ namespaces: [], kind, workload: 'Deployment/web', q: 'istio proxy' })),
    ];
    const refused = offered.flatMap((query) => {
      const params = new URL(toPodsApiPath(query, 0, 100), 'http://x').searchParams;
      const parsed = podQuerySchema.safeParse(Object.fromEntries(params));
      return parsed.success ? [] : [{ query, issues: parsed.error.issues.map((issue) => issue.message) }];
    });
    expect(refused).toEqual([]);
  });
});
