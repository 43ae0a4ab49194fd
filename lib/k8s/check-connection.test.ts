import { describe, expect, it } from 'vitest';
import { probeAccess } from './check-connection';
import { K8sError } from './errors';
import { FakeApi } from './testing/fake-api';

async function problemOf(run: Promise<void>): Promise<K8sError | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    if (error instanceof K8sError) return error;
    throw error;
  }
}

describe('probeAccess', () => {
  it('passes when pods can be listed cluster-wide', async () => {
    expect(await problemOf(probeAccess(new FakeApi(), 'context "dev"'))).toBeUndefined();
  });

  it('names the missing RBAC rule on a cluster-wide 403', async () => {
    const api = new FakeApi();
    api.forbidClusterWide = true;
    const error = await problemOf(probeAccess(api, 'context "dev"'));
    expect(error?.code).toBe('forbidden');
    expect(error?.message).toMatch(/get\/list\/watch pods cluster-wide/);
    expect(error?.message).toContain('resources: ["pods", "events"]');
  });

  it('accepts a namespace allow-list when the cluster-wide list is forbidden', async () => {
    const api = new FakeApi();
    api.forbidClusterWide = true;
    expect(await problemOf(probeAccess(api, 'context "dev"', ['team-a']))).toBeUndefined();
  });

  it.each([
    ['unauthorized', 401, /401 Unauthorized/],
    ['unreachable', undefined, /Cannot reach the API server/],
  ] as const)('explains a %s cluster', async (code, status, pattern) => {
    const api = new FakeApi();
    api.getJson = () => Promise.reject(new K8sError(code, 'GET /version: boom', { status }));
    const error = await problemOf(probeAccess(api, 'context "dev"'));
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(pattern);
  });

  it.each([
    ['watch pods', ['watch pods (core) at cluster scope']],
    ['list pods', ['list pods (core) at cluster scope']],
  ])('refuses to start when the review finds %s missing, naming the rule', async (denied, names) => {
    const api = reviewing([denied]);
    const error = await problemOf(probeAccess(api, 'context "dev"'));
    expect(error?.code).toBe('forbidden');
    for (const name of names) expect(error?.message).toContain(name);
  });

  it('starts, with one warning per missing optional grant, without events', async () => {
    const api = reviewing(['get events', 'list events', 'watch events']);
    const warnings: string[] = [];
    await probeAccess(api, 'context "dev"', [], (line) => warnings.push(line));
    expect(warnings).toHaveLength(3);
    expect(warnings[1]).toBe(
      'missing RBAC permission: list events (core) at cluster scope — grant it with the ClusterRole in deploy/; until then pod events are not shown',
    );
  });

  it('reviews in the allowed namespaces when an allow-list is set', async () => {
    const api = reviewing(['list events']);
    const warnings: string[] = [];
    await probeAccess(api, 'context "dev"', ['team-a'], (line) => warnings.push(line));
    expect(warnings).toEqual([expect.stringContaining('list events (core) in namespace "team-a"')]);
  });

  it('has nothing to warn about where reviews are not served', async () => {
    const warnings: string[] = [];
    await probeAccess(new FakeApi(), 'context "dev"', [], (line) => warnings.push(line));
    expect(warnings).toEqual([]);
  });
});

/** A fake whose access reviews deny the core-group grants named `verb resource`. */
function reviewing(denied: string[]): FakeApi {
  const api = new FakeApi();
  api.postJson = (_path, body) => {
    const { verb, resource, group } = (body as { spec: { resourceAttributes: { verb: string; resource: string; group: string } } }).spec.resourceAttributes;
    return Promise.resolve({ status: { allowed: group !== '' || !denied.includes(`${verb} ${resource}`) } });
  };
  return api;
}
