import { describe, expect, it, vi } from 'vitest';
import { Interner, sameData } from './interner';
import { Hub } from './hub';
import { aContainer, aPod, ownedBy } from '../model/testing/builders';

describe('Interner', () => {
  it('hands back the first of equal values, by JSON', () => {
    const shared = new Interner();
    const first = { kind: 'Deployment', name: 'web' };
    expect(shared.value(first)).toBe(first);
    expect(shared.value({ kind: 'Deployment', name: 'web' })).toBe(first);
    expect(shared.value({ kind: 'Deployment', name: 'api' })).not.toBe(first);
  });

  it('keeps texts apart from values whose JSON reads the same', () => {
    const shared = new Interner();
    const list = [1];
    shared.value(list);
    expect(shared.text('[1]')).toBe('[1]');
    expect(shared.value([1])).toBe(list);
  });

  it('forgets the keys unused for a generation past its bound, and keeps the used ones', () => {
    const shared = new Interner(3);
    const hot = { n: 0 };
    shared.value(hot);
    for (let n = 1; n <= 10; n += 1) {
      shared.value({ n });
      expect(shared.value({ n: 0 })).toBe(hot);
      expect(shared.size).toBeLessThanOrEqual(3);
    }
    const cold = { n: 1 };
    expect(shared.value(cold)).toBe(cold);
  });

  it('keeps every key of a generation (half its bound), and never more than its bound', () => {
    const shared = new Interner(8);
    const firsts = Array.from({ length: 4 }, (_, n) => shared.value({ n }));
    for (let n = 0; n < 4; n += 1) expect(shared.value({ n })).toBe(firsts[n]);
    let seed = 7;
    for (let i = 0; i < 500; i += 1) {
      seed = (seed * 48_271) % 2_147_483_647;
      const value = { n: seed % 13 };
      expect(shared.value(value)).toEqual(value);
      expect(shared.size).toBeLessThanOrEqual(8);
    }
  });

  it('keeps more keys once its bound is raised, and never lowers it', () => {
    const shared = new Interner(4);
    shared.reserve(100);
    shared.reserve(2);
    const firsts = Array.from({ length: 50 }, (_, n) => shared.value({ n }));
    for (let n = 0; n < 50; n += 1) expect(shared.value({ n })).toBe(firsts[n]);
    for (let n = 50; n < 500; n += 1) shared.value({ n });
    expect(shared.size).toBeLessThanOrEqual(100);
    expect(shared.value({ n: 0 })).not.toBe(firsts[0]);
  });

  it('hands back the same value for one key hit many times in a row, with its bound full of others', () => {
    const shared = new Interner(100);
    for (let n = 0; n < 100; n += 1) shared.text(`fill ${n}`);
    const names = shared.value(['app', 'istio-proxy']);
    for (let i = 0; i < 10_000; i += 1) expect(shared.value(['app', 'istio-proxy'])).toBe(names);
    expect(shared.size).toBeLessThanOrEqual(100);
  });

  it('finds a value equal to one of the last few handed to a slot without its JSON key, and never an unequal one', () => {
    const shared = new Interner();
    const keyed: unknown[] = [];
    const value = shared.value.bind(shared);
    shared.value = <T>(v: T): T => {
      keyed.push(v);
      return value(v);
    };
    const web = { kind: 'Deployment', name: 'web' };
    const api = { kind: 'Deployment', name: 'api' };
    expect(shared.reuse(undefined, web, 'workload')).toBe(web);
    expect(shared.reuse(undefined, api, 'workload')).toBe(api);
    // Interleaved pods of two templates: each found among the recent ones, no key built.
    expect(shared.reuse(undefined, { name: 'web', kind: 'Deployment' }, 'workload')).toBe(web);
    expect(shared.reuse(undefined, { kind: 'Deployment', name: 'api' }, 'workload')).toBe(api);
    expect(keyed).toEqual([web, api]);
    expect(shared.reuse(undefined, { kind: 'Deployment', name: 'db' }, 'workload')).toEqual({ kind: 'Deployment', name: 'db' });
    // Another slot does not see this one's values.
    const other = { kind: 'Deployment', name: 'web' };
    expect(shared.recent('owner', sameData, other)).toBeUndefined();
  });

  it('keeps a few values per slot, newest first, and forgets the rest (still found by JSON)', () => {
    const shared = new Interner();
    const values = Array.from({ length: 6 }, (_, n) => ({ n }));
    for (const v of values) shared.reuse(undefined, v, 'slot');
    expect(shared.recent('slot', sameData, { n: 0 })).toBeUndefined();
    expect(shared.recent('slot', sameData, { n: 5 })).toBe(values[5]);
    expect(shared.reuse(undefined, { n: 0 }, 'slot')).toBe(values[0]);
  });
});

describe('Hub sharing', () => {
  const template = (name: string, memory = '128Mi') =>
    aPod({
      name,
      owner: ownedBy('ReplicaSet', 'web-7d4b9c8f6d'),
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
      containers: [aContainer('app', { requests: { memory } }), aContainer('istio-proxy', { image: 'docker.io/istio/proxyv2:1.22.0' })],
    });
  const aHub = () =>
    new Hub({ now: () => 1_800_000_000_000, cluster: { name: 't', mode: 'demo' }, retentionMs: 60_000, maxDeleted: 10, metricsHistoryMs: 60_000 });

  it('pods of one template share their container specs, labels and finding texts', () => {
    const hub = aHub();
    hub.applyPodList('*', [template('web-a'), template('web-b')]);
    hub.flush();
    const [a, b] = [hub.pod('uid-default-web-a'), hub.pod('uid-default-web-b')];
    expect(a?.digest.containers).toBe(b?.digest.containers);
    expect(a?.digest.labels).toBe(b?.digest.labels);
    expect(a?.derived?.row.containers).toBe(b?.derived?.row.containers);
    const legacy = (entry: typeof a) => entry?.derived?.findings.find((f) => f.id === 'legacy-sidecar');
    expect(legacy(a)?.fix).toBeDefined();
    expect(legacy(a)?.evidence).toBe(legacy(b)?.evidence);
    expect(legacy(a)?.pod).toBe('web-a');
    expect(legacy(b)?.pod).toBe('web-b');
  });

  it('raises the bound of what it shares to the pods it tracks', () => {
    const reserve = vi.spyOn(Interner.prototype, 'reserve');
    try {
      const hub = aHub();
      hub.applyPodList('*', [template('web-a'), template('web-b'), template('web-c')]);
      expect(reserve).toHaveBeenLastCalledWith(3);
    } finally {
      reserve.mockRestore();
    }
  });

  it('a pod whose spec differs keeps its own, and changing one pod leaves the other as it was', () => {
    const hub = aHub();
    hub.applyPodList('*', [template('web-a'), template('web-b')]);
    hub.applyPodEvent('MODIFIED', { ...template('web-b', '256Mi'), metadata: { ...template('web-b').metadata, resourceVersion: '2' } });
    hub.flush();
    const memory = (uid: string) => hub.pod(uid)?.digest.containers.find((c) => c.name === 'app')?.resources.requests.memoryBytes;
    expect(memory('uid-default-web-a')).toBe(128 * 1024 ** 2);
    expect(memory('uid-default-web-b')).toBe(256 * 1024 ** 2);
  });
});

describe('sameData', () => {
  it.each([
    [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [[1, 2], [1, 2, 3], false],
    [[1, 2], { 0: 1, 1: 2 }, false],
    [{ a: null }, { a: {} }, false],
    ['x', 'x', true],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameData(a, b)).toBe(same);
  });

  it('reuse keeps the previous value when equal and shares a changed one', () => {
    const shared = new Interner();
    const previous = { memory: 1 };
    expect(shared.reuse(previous, { memory: 1 })).toBe(previous);
    const first = shared.value({ memory: 2 });
    expect(shared.reuse(previous, { memory: 2 })).toBe(first);
  });
});

describe('Interner.latest', () => {
  it('hands back the value remembered under a key while it stays equal, and remembers a changed one in its place', () => {
    const shared = new Interner();
    const first = { fix: 'a' };
    expect(shared.latest('k', first, sameData)).toBe(first);
    expect(shared.latest('k', { fix: 'a' }, sameData)).toBe(first);
    const changed = { fix: 'b' };
    expect(shared.latest('k', changed, sameData)).toBe(changed);
    expect(shared.latest('k', { fix: 'b' }, sameData)).toBe(changed);
    expect(shared.size).toBe(1);
  });
});
