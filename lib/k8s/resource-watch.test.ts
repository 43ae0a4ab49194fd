import { afterEach, describe, expect, it } from 'vitest';
import type { ListWatchSink } from './list-watch';
import { pathOf, watchResource } from './resource-watch';
import { ManualClock } from '../sim/clock';
import { FakeApi, aRawPod, settle } from './testing/fake-api';

function recorder() {
  const byScope = new Map<string, string[]>();
  const sinkFor = (scope: string): ListWatchSink => ({
    onList: (items) => byScope.set(scope, items.map((i) => (i as { metadata: { name: string } }).metadata.name).sort()),
    onEvent: (_type, o) => byScope.get(scope)?.push((o as { metadata: { name: string } }).metadata.name),
    onStatus: () => {},
  });
  return { byScope, sinkFor };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('watchResource', () => {
  it.each([
    ['forbidden', true],
    ['allowed', false],
  ])('watches each allowed namespace on its own, never the cluster scope (cluster-wide list %s)', async (_, forbid) => {
    const api = new FakeApi();
    api.forbidClusterWide = forbid;
    api.put(aRawPod('a', 'p1'));
    api.put(aRawPod('b', 'p2'));
    api.put(aRawPod('c', 'p3'));
    const { byScope, sinkFor } = recorder();
    stop = watchResource({
      transport: api,
      clock: new ManualClock(undefined, { instantDelays: true }),
      resource: 'pods',
      namespaces: ['a', 'b'],
      sinkFor,
    }).stop;
    await settle();
    expect(api.calls.listPaths).toContain(pathOf('pods', 'a'));
    expect(api.calls.listPaths).toContain(pathOf('pods', 'b'));
    expect(api.calls.listPaths.filter((p) => p.startsWith(pathOf('pods')))).toEqual([]);
    api.put(aRawPod('c', 'p4'));
    api.put(aRawPod('a', 'p5'));
    await settle();
    expect(byScope.get('a')).toEqual(['p1', 'p5']);
    expect(byScope.get('b')).toEqual(['p2']);
    expect([...byScope.keys()].sort()).toEqual(['a', 'b']);
  });

  it('watches the cluster scope without an allow-list', async () => {
    const api = new FakeApi();
    api.put(aRawPod('a', 'p1'));
    api.put(aRawPod('c', 'p3'));
    const { byScope, sinkFor } = recorder();
    stop = watchResource({ transport: api, clock: new ManualClock(undefined, { instantDelays: true }), resource: 'pods', namespaces: [], sinkFor }).stop;
    await settle();
    api.put(aRawPod('c', 'p4'));
    expect(byScope.get('*')).toEqual(['p1', 'p3', 'p4']);
  });

  it('watches events of pods only', () => {
    expect(pathOf('events')).toBe('/api/v1/events');
    expect(pathOf('pods', 'kube-system')).toBe('/api/v1/namespaces/kube-system/pods');
  });
});
