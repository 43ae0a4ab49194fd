import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, settle } from '../k8s/testing/fake-api';
import { ManualClock } from '../sim/clock';
import { K8sError } from '../k8s/errors';
import { aContainer, aPod, type PodOptions } from '../model/testing/builders';
import { Hub } from './hub';
import { detailOf, summaryOf } from './hub-views';
import { startLiveSource } from './live-source';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(namespaces: string[] = [], configure: (api: FakeApi) => void = () => {}) {
  const api = new FakeApi();
  const clock = new ManualClock(undefined, { instantDelays: true });
  const hub = new Hub({ now: () => clock.now(), cluster: { name: 'fake', mode: 'demo' }, retentionMs: 600_000, maxDeleted: 100, metricsHistoryMs: 3_600_000 });
  const pod = (options: PodOptions) => aPod({ containers: [aContainer('app')], ...options });
  configure(api);
  const start = () => {
    stop = startLiveSource(hub, { transport: api, clock, namespaces, metricsIntervalMs: 15_000 }).stop;
  };
  return { api, clock, hub, pod, start };
}

describe('startLiveSource', () => {
  it('is ready after the first full sync and holds every pod', async () => {
    const { api, hub, pod, start } = setup();
    api.put(pod({ name: 'a' }));
    api.put(pod({ name: 'b', namespace: 'x' }));
    start();
    await settle();
    expect(hub.isReady()).toBe(true);
    expect(summaryOf(hub).pods.total).toBe(2);
    expect(summaryOf(hub).status.state).toBe('connected');
    expect(summaryOf(hub).cluster.version).toBe('v1.31.0');
  });

  it('records live transitions at the time it observed them', async () => {
    const { api, clock, hub, pod, start } = setup();
    api.put(pod({ name: 'a', phase: 'Pending' }));
    start();
    await settle();
    clock.advance(4321);
    api.put(pod({ name: 'a', phase: 'Running' }));
    const transition = hub.pod('uid-default-a')?.observations?.transitions.find((t) => t.detail === 'Running');
    expect(transition?.at).toBe(clock.now());
  });

  it('ends with the final state after a watch cut and a 410, deleted pods included', async () => {
    const { api, hub, pod, start } = setup();
    api.put(pod({ name: 'a' }));
    api.put(pod({ name: 'b' }));
    start();
    await settle();
    api.stall = true;
    api.put(pod({ name: 'b', phase: 'Failed' }));
    api.remove('default', 'a');
    api.put(pod({ name: 'c' }));
    api.compact();
    api.stall = false;
    api.watchFailures.push(new K8sError('unreachable', 'cut'));
    api.dropWatches();
    await settle(30);
    expect([...hub.livePods()].map((pod) => pod.key).sort()).toEqual(['default/b', 'default/c']);
    expect(detailOf(hub, 'default', 'b')?.digest.phase).toBe('Failed');
    expect(detailOf(hub, 'default', 'a')?.row.deleted).toBe(true);
    expect(hub.counters.watchRestarts.get('pods')).toBeGreaterThanOrEqual(2);
    expect(summaryOf(hub).status.state).toBe('connected');
  });

  it('reports forbidden, with the reason, when RBAC denies listing pods', async () => {
    const { hub, start } = setup([], (api) => {
      api.forbidClusterWide = true;
    });
    start();
    await settle();
    const status = summaryOf(hub).status;
    expect(status.state).toBe('forbidden');
    expect(hub.isReady()).toBe(false);
  });

  it.each([true, false])('shows only the allowed namespaces (cluster-wide access forbidden: %s)', async (forbid) => {
    const { api, hub, pod, start } = setup(['team'], (a) => {
      a.forbidClusterWide = forbid;
    });
    api.put(pod({ name: 'mine', namespace: 'team' }));
    api.put(pod({ name: 'theirs', namespace: 'other' }));
    start();
    await settle();
    expect([...hub.livePods()].map((pod) => pod.key)).toEqual(['team/mine']);
    expect(summaryOf(hub).status.state).toBe('connected');
  });

  it('is ready and connected only once every namespace of the allow-list has listed', async () => {
    const { api, hub, pod, start } = setup(['team', 'slow']);
    api.holdNamespaces.add('slow');
    api.put(pod({ name: 'mine', namespace: 'team' }));
    api.put(pod({ name: 'late', namespace: 'slow' }));
    start();
    await settle();
    expect([...hub.livePods()].map((p) => p.key)).toEqual(['team/mine']);
    expect(hub.isReady()).toBe(false);
    expect(summaryOf(hub).status.state).toBe('connecting');
    api.releaseLists();
    await settle();
    expect(hub.isReady()).toBe(true);
    expect([...hub.livePods()].map((p) => p.key).sort()).toEqual(['slow/late', 'team/mine']);
    expect(summaryOf(hub).status.state).toBe('connected');
  });

  it('serves the namespaces it may list when one of the allow-list is denied, and says which', async () => {
    const { api, hub, pod, start } = setup(['team', 'no-role']);
    api.forbidNamespaces.add('no-role');
    api.put(pod({ name: 'mine', namespace: 'team' }));
    start();
    await settle();
    expect(hub.isReady()).toBe(true);
    expect([...hub.livePods()].map((p) => p.key)).toEqual(['team/mine']);
    expect(summaryOf(hub).status).toMatchObject({ state: 'forbidden', reason: expect.stringContaining('no-role') as unknown });
  });

  it('says metrics are absent and how to fix it, then picks them up once served', async () => {
    const { api, hub, pod, start } = setup();
    api.put(pod({ name: 'a' }));
    start();
    await settle();
    const absent = summaryOf(hub).metrics;
    expect(absent.available).toBe(false);
    expect(absent.reason).toMatch(/metrics-server/);
    api.podMetrics = [
      {
        metadata: { namespace: 'default', name: 'a' },
        timestamp: '2024-01-01T00:00:00Z',
        window: '15s',
        containers: [{ name: 'app', usage: { cpu: '10m', memory: '20Mi' } }],
      },
    ];
    await settle();
    expect(summaryOf(hub).metrics.available).toBe(true);
    expect(detailOf(hub, 'default', 'a')?.metrics[0]?.points[0]).toMatchObject({ cpuMilli: 10, memoryBytes: 20 * 1024 * 1024 });
  });

  it('names a missing events grant found by the access review, and still shows the pods', async () => {
    const denied = new Set(['list events']);
    const { api, hub, pod, start } = setup([], (a) => {
      a.postJson = (_path, body) => {
        const { verb, resource, group } = (body as { spec: { resourceAttributes: { verb: string; resource: string; group: string } } }).spec.resourceAttributes;
        return Promise.resolve({ status: { allowed: group !== '' || !denied.has(`${verb} ${resource}`) } });
      };
    });
    api.put(pod({ name: 'a' }));
    start();
    await settle();
    const summary = summaryOf(hub);
    expect(summary.pods.total).toBe(1);
    expect(summary.status).toMatchObject({
      state: 'connected',
      reason: expect.stringMatching(/^missing RBAC permission: list events \(core\) at cluster scope/) as unknown,
    });
    expect(summary.permissions?.missing).toHaveLength(1);

    denied.clear();
    api.watchFailures.push(new K8sError('unreachable', 'cut'));
    api.dropWatches();
    await settle(30);
    expect(summaryOf(hub).permissions).toBeUndefined();
    expect(summaryOf(hub).status).toEqual({ state: 'connected', since: expect.any(Number) as unknown });
  });

  it('assumes every grant when the server does not serve access reviews, as the simulated cluster', async () => {
    const { api, hub, pod, start } = setup([], (a) => {
      a.postJson = () => Promise.reject(new K8sError('not-found', 'POST x: HTTP 404', { status: 404 }));
    });
    api.put(pod({ name: 'a' }));
    start();
    await settle();
    expect(summaryOf(hub).permissions).toBeUndefined();
    expect(summaryOf(hub).status.state).toBe('connected');
  });

  it('is forbidden, naming the rule, when the review finds watch on pods missing', async () => {
    const { api, hub, pod, start } = setup([], (a) => {
      a.postJson = (_path, body) => {
        const { verb, resource, group } = (body as { spec: { resourceAttributes: { verb: string; resource: string; group: string } } }).spec.resourceAttributes;
        return Promise.resolve({ status: { allowed: !(group === '' && resource === 'pods' && verb === 'watch') } });
      };
    });
    api.put(pod({ name: 'a' }));
    start();
    await settle();
    expect(summaryOf(hub).status).toMatchObject({
      state: 'forbidden',
      reason: expect.stringContaining('watch pods (core) at cluster scope — grant it with the ClusterRole in deploy/') as unknown,
    });
  });

  it('keeps a deleted pod for the retention window, then drops it', async () => {
    const { api, clock, hub, pod, start } = setup();
    api.put(pod({ name: 'a' }));
    start();
    await settle();
    api.remove('default', 'a');
    expect(detailOf(hub, 'default', 'a')?.row.deleted).toBe(true);
    clock.advance(600_001);
    expect(detailOf(hub, 'default', 'a')).toBeUndefined();
  });
});
