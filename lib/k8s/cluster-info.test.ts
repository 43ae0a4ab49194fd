import { describe, expect, it } from 'vitest';
import { parseServerVersion, pollPodMetrics } from './cluster-info';
import { K8sError } from './errors';
import { FakeApi } from './testing/fake-api';

describe('parseServerVersion', () => {
  it.each([
    [
      { major: '1', minor: '31', gitVersion: 'v1.31.2' },
      { major: 1, minor: 31, gitVersion: 'v1.31.2' },
    ],
    [
      { major: '1', minor: '29+', gitVersion: 'v1.29.8-eks-a737599' },
      { major: 1, minor: 29, gitVersion: 'v1.29.8-eks-a737599' },
    ],
    [{ major: '', minor: '' }, undefined],
    ['nonsense', undefined],
  ])('reads %j', (body, expected) => {
    expect(parseServerVersion(body)).toEqual(expected);
  });
});

describe('pollPodMetrics', () => {
  it('explains how to install metrics-server when the metrics API is absent', async () => {
    const poll = await pollPodMetrics(new FakeApi());
    expect(poll.available).toBe(false);
    if (!poll.available) expect(poll.reason).toMatch(/metrics-server/);
  });

  it('names the RBAC rule when metrics are forbidden', async () => {
    const api = new FakeApi();
    api.list = () => Promise.reject(new K8sError('forbidden', 'HTTP 403', { status: 403 }));
    const poll = await pollPodMetrics(api);
    expect(poll.available === false && poll.reason).toMatch(/metrics\.k8s\.io.*"list"/);
  });

  it('polls each allowed namespace', async () => {
    const api = new FakeApi();
    const paths: string[] = [];
    api.list = (path) => {
      paths.push(path);
      return Promise.resolve({ items: [{ path }], resourceVersion: '1' });
    };
    const poll = await pollPodMetrics(api, ['a', 'b']);
    expect(paths).toEqual(['/apis/metrics.k8s.io/v1beta1/namespaces/a/pods', '/apis/metrics.k8s.io/v1beta1/namespaces/b/pods']);
    expect(poll).toMatchObject({ available: true, items: [expect.anything(), expect.anything()] });
  });
});
