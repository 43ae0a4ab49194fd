import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHART_GRANTS, describeMissingGrant, explainForbidden, grantOfPath, LOGS_GRANT, reviewAccess, type Grant } from './access-review';
import { K8sError } from './errors';
import { FakeApi } from './testing/fake-api';

interface Review {
  spec: { resourceAttributes: Grant & { namespace?: string } };
}

/** A transport whose reviews deny the grants `denied` names (`verb resource group namespace`). */
function reviewing(denied: string[], answer?: (review: Review) => Promise<unknown>): { api: FakeApi; asked: Review[] } {
  const api = new FakeApi();
  const asked: Review[] = [];
  api.postJson = (path: string, body: unknown) => {
    expect(path).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    const review = body as Review;
    asked.push(review);
    if (answer) return answer(review);
    const a = review.spec.resourceAttributes;
    const resource = a.subresource === undefined ? a.resource : `${a.resource}/${a.subresource}`;
    const allowed = !denied.includes(`${a.verb} ${resource} ${a.group} ${a.namespace ?? '*'}`);
    return Promise.resolve({ kind: 'SelfSubjectAccessReview', status: { allowed } });
  };
  return { api, asked };
}

describe('CHART_GRANTS', () => {
  it('are exactly the rules of the ClusterRole the chart renders', () => {
    const docs = parseAllDocuments(readFileSync(join(import.meta.dirname, '../../deploy/manifests/sidecarscope.yaml'), 'utf8')).map(
      (d) => d.toJS() as { kind?: string; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[] },
    );
    const rules = docs.find((d) => d.kind === 'ClusterRole')?.rules ?? [];
    const rendered = rules.flatMap((r) =>
      r.apiGroups.flatMap((group) => r.resources.flatMap((resource) => r.verbs.map((verb) => `${verb} ${resource} ${group}`))),
    );
    expect(CHART_GRANTS.map((g) => `${g.verb} ${g.resource} ${g.group}`).sort()).toEqual(rendered.sort());
  });
});

describe('reviewAccess', () => {
  it('reports nothing missing when every review is allowed', async () => {
    const { api, asked } = reviewing([]);
    expect(await reviewAccess(api)).toEqual({ checked: true, missing: [] });
    expect(asked).toHaveLength(CHART_GRANTS.length);
  });

  it.each([
    ['list pods  *', true],
    ['watch pods  *', true],
    ['get pods  *', false],
    ['watch events  *', false],
    ['list pods metrics.k8s.io *', false],
  ])('reports a denied %s, blocking: %s', async (denied, blocking) => {
    const { api } = reviewing([denied]);
    const report = await reviewAccess(api);
    const [verb, resource, group] = denied.split(' ');
    expect(report).toEqual({ checked: true, missing: [{ verb, resource, group, namespace: undefined, blocking }] });
  });

  it('asks for get pods/log only when previous-run logs are enabled, and names it when denied', async () => {
    const off = reviewing(['get pods/log  *']);
    expect(await reviewAccess(off.api)).toEqual({ checked: true, missing: [] });
    expect(off.asked.some((r) => r.spec.resourceAttributes.subresource !== undefined)).toBe(false);

    const on = reviewing(['get pods/log  *']);
    const report = await reviewAccess(on.api, [], undefined, { logs: true });
    expect(on.asked).toHaveLength(CHART_GRANTS.length + 1);
    expect(report).toEqual({ checked: true, missing: [{ ...LOGS_GRANT, namespace: undefined, blocking: false }] });
    if (report.checked) {
      expect(describeMissingGrant(report.missing[0]!)).toBe(
        "missing RBAC permission: get pods/log (core) at cluster scope — grant it with the chart's logs.enabled=true; until then the pod page gives the `kubectl logs --previous` command instead of the previous run's log",
      );
    }
  });

  it('asks in each namespace of the allow-list instead of cluster-wide', async () => {
    const { api, asked } = reviewing(['list events  team-b']);
    const report = await reviewAccess(api, ['team-a', 'team-b']);
    expect(new Set(asked.map((r) => r.spec.resourceAttributes.namespace))).toEqual(new Set(['team-a', 'team-b']));
    expect(report).toMatchObject({ checked: true, missing: [{ verb: 'list', resource: 'events', namespace: 'team-b', blocking: false }] });
  });

  it('assumes everything granted, saying why, when the server does not serve the review (404)', async () => {
    const { api } = reviewing([], () => Promise.reject(new K8sError('not-found', 'POST x: HTTP 404', { status: 404 })));
    expect(await reviewAccess(api)).toEqual({ checked: false, reason: expect.stringMatching(/not served/) as unknown, assumeGranted: true });
  });

  it('cannot check a transport that cannot post', async () => {
    expect(await reviewAccess(new FakeApi())).toMatchObject({ checked: false, assumeGranted: true });
  });

  it('passes on an unreachable server as unchecked, for the caller to retry', async () => {
    const { api } = reviewing([], () => Promise.reject(new K8sError('unreachable', 'POST x: cluster unreachable')));
    expect(await reviewAccess(api)).toEqual({ checked: false, reason: 'POST x: cluster unreachable', assumeGranted: false });
  });

  it('treats an answer without status.allowed as denied', async () => {
    const { api } = reviewing([], () => Promise.resolve({ kind: 'SelfSubjectAccessReview' }));
    const report = await reviewAccess(api);
    expect(report.checked && report.missing).toHaveLength(CHART_GRANTS.length);
  });
});

describe('describeMissingGrant', () => {
  it.each([
    [
      { group: '', resource: 'pods', verb: 'list', blocking: true },
      'missing RBAC permission: list pods (core) at cluster scope — grant it with the ClusterRole in deploy/',
    ],
    [
      { group: '', resource: 'events', verb: 'watch', blocking: false },
      'missing RBAC permission: watch events (core) at cluster scope — grant it with the ClusterRole in deploy/; until then pod events are not shown',
    ],
    [
      { group: 'metrics.k8s.io', resource: 'pods', verb: 'list', blocking: false, namespace: 'team-a' },
      'missing RBAC permission: list pods (metrics.k8s.io) in namespace "team-a" — grant it with a Role there like deploy/examples/namespaced.yaml; until then CPU and memory use are not shown',
    ],
  ])('names the rule and the role to grant it with: %o', (missing, sentence) => {
    expect(describeMissingGrant(missing)).toBe(sentence);
  });
});

describe('grantOfPath', () => {
  it.each([
    ['/api/v1/pods', { group: '', resource: 'pods', namespace: undefined }],
    ['/api/v1/namespaces/team-a/events', { group: '', resource: 'events', namespace: 'team-a' }],
    ['/apis/metrics.k8s.io/v1beta1/pods', { group: 'metrics.k8s.io', resource: 'pods', namespace: undefined }],
    ['/apis/metrics.k8s.io/v1beta1/namespaces/b/pods', { group: 'metrics.k8s.io', resource: 'pods', namespace: 'b' }],
  ])('reads the group, resource and namespace of %s', (path, expected) => {
    expect(grantOfPath(path, 'list')).toEqual({ ...expected, verb: 'list' });
  });

  it('gives up on a path that is not a resource collection', () => {
    expect(grantOfPath('/version', 'get')).toBeUndefined();
  });
});

describe('explainForbidden', () => {
  it('names the rule and quotes the API server', () => {
    const error = new K8sError('forbidden', 'GET /api/v1/namespaces/a/pods: HTTP 403: no', { status: 403, apiMessage: 'no' });
    expect(explainForbidden('/api/v1/namespaces/a/pods', 'watch', error)).toBe(
      'missing RBAC permission: watch pods (core) in namespace "a" — grant it with a Role there like deploy/examples/namespaced.yaml (API server: no)',
    );
  });

  it('falls back to the error when the path names no resource', () => {
    expect(explainForbidden('/version', 'get', new K8sError('forbidden', 'GET /version: HTTP 403', { status: 403 }))).toBe('forbidden: GET /version: HTTP 403');
  });
});
