import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-types';
import { SimStore } from './store';

const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: name, creationTimestamp: '2026-01-01T00:00:00Z' } });

describe('SimStore', () => {
  it('stamps each change with the next resourceVersion and replays changes after a version', () => {
    const store = new SimStore({ historyWindow: 100 });
    store.apply({ type: 'upsert-namespace', object: ns('a') });
    const after = Number(store.resourceVersion);
    store.apply({ type: 'upsert-namespace', object: ns('b') });
    store.apply({ type: 'upsert-namespace', object: ns('a') });
    const changes = store.changesSince(after);
    expect(changes === 'gone' ? changes : changes.map((c) => [c.type, c.object.metadata.name, c.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'b', String(after + 1)],
      ['MODIFIED', 'a', String(after + 2)],
    ]);
  });

  it('answers gone for versions older than the window, like a compacted etcd', () => {
    const store = new SimStore({ historyWindow: 3 });
    const start = Number(store.resourceVersion);
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.apply({ type: 'upsert-namespace', object: ns(name) });
    expect(store.changesSince(start)).toBe('gone');
    expect(store.changesSince(start + 2)).toHaveLength(3);
  });

  it('after compact or restart, versions from before are gone and new ones are not', () => {
    const store = new SimStore({ historyWindow: 100 });
    store.apply({ type: 'upsert-namespace', object: ns('a') });
    const before = Number(store.resourceVersion) - 1;
    store.compact();
    expect(store.changesSince(before)).toBe('gone');
    const now = Number(store.resourceVersion);
    expect(store.changesSince(now)).toEqual([]);
    store.restart();
    expect(store.changesSince(now)).toBe('gone');
    expect(store.list('namespaces')[0]?.metadata.resourceVersion).toBe(store.resourceVersion);
  });

  it('expires the oldest events beyond its event cap with a DELETED change', () => {
    const store = new SimStore({ historyWindow: 100, maxEvents: 2 });
    const ev = (name: string): KubeObject => ({ ...ns(name), kind: 'Event', metadata: { ...ns(name).metadata, namespace: 'default' } });
    for (const name of ['e1', 'e2', 'e3']) store.apply({ type: 'upsert-event', object: ev(name) });
    expect(store.list('events').map((e) => e.metadata.name)).toEqual(['e2', 'e3']);
  });
});
