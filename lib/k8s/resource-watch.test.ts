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
  it('falls back to one watch per allowed namespace when the cluster-wide list is forbidden', async () => {
    const api = new FakeApi();
    api.forbidClusterWide = true;
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
    expect(byScope.get('a')).toEqual(['p1']);
    expect(byScope.get('b')).toEqual(['p2']);
    expect(byScope.has('c')).toBe(false);
  });

  it('keeps only allowed namespaces when the cluster-wide watch is permitted', async () => {
    const api = new FakeApi();
    api.put(aRawPod('a', 'p1'));
    api.put(aRawPod('c', 'p3'));
    const { byScope, sinkFor } = recorder();
    stop = watchResource({ transport: api, clock: new ManualClock(undefined, { instantDelays: true }), resource: 'pods', namespaces: ['a'], sinkFor }).stop;
    await settle();
    api.put(aRawPod('c', 'p4'));
    api.put(aRawPod('a', 'p5'));
    expect(byScope.get('*')).toEqual(['p1', 'p5']);
  });

  it('watches events of pods only', () => {
    expect(pathOf('events')).toBe('/api/v1/events');
    expect(pathOf('pods', 'kube-system')).toBe('/api/v1/namespaces/kube-system/pods');
  });
});
