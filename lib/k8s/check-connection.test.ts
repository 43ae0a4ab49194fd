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
});
