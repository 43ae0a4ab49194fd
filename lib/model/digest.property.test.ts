import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPodDigest } from './digest';
import { kubectlColumns } from './kubectl-status';
import { effectivePodRequests } from './resources';
import crashloop from './testing/captures/crashloop-pod.json';
import istio from './testing/captures/istio-injected-pod.json';
import nativeSidecar from './testing/captures/native-sidecar-pod.json';

const CAPTURES: unknown[] = [nativeSidecar, istio, crashloop];

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function replaceAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  if (typeof root === 'object' && root !== null && head !== undefined) {
    return { ...root, [head]: replaceAt((root as Record<string, unknown>)[head], rest, replacement) };
  }
  return root;
}

const oddValue = fc.oneof(
  fc.anything({ withDate: true, withNullPrototype: true, withBigInt: false, withSparseArray: true }),
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1, '', 'Always', '1Gi', '2024-07-19T13:38:03Z', new Date(Number.NaN), [], {}),
);

const mutatedCapture = fc
  .tuple(fc.constantFrom(...CAPTURES), fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 6 }))
  .map(([capture, mutations]) => {
    let pod = capture;
    for (const [choice, replacement] of mutations) {
      const paths = pathsOf(pod);
      pod = replaceAt(pod, paths[choice % paths.length] ?? [], replacement);
    }
    return pod;
  });

function digestAndDerive(raw: unknown): void {
  const pod = toPodDigest(raw);
  if (!pod) return;
  expect(typeof pod.uid).toBe('string');
  expect(Array.isArray(pod.problems)).toBe(true);
  kubectlColumns(pod);
  const requests = effectivePodRequests(pod);
  expect({ cpuIsNaN: Number.isNaN(requests.cpuMilli), memoryIsNaN: Number.isNaN(requests.memoryBytes) }).toEqual({ cpuIsNaN: false, memoryIsNaN: false });
}

describe('toPodDigest never throws', () => {
  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => digestAndDerive(raw)),
      { numRuns: 300 },
    );
  });

  it('on random objects with a pod-like shape', () => {
    const podLike = fc.record({ metadata: fc.record({ name: fc.string(), uid: oddValue, creationTimestamp: oddValue }), spec: oddValue, status: oddValue });
    fc.assert(
      fc.property(podLike, (raw) => digestAndDerive(raw)),
      { numRuns: 300 },
    );
  });

  it('on real captures with random fields replaced by odd values', () => {
    fc.assert(
      fc.property(mutatedCapture, (raw) => digestAndDerive(raw)),
      { numRuns: 500 },
    );
  });

  it('still digests a mutated capture whose metadata.name and kind survived', () => {
    fc.assert(
      fc.property(mutatedCapture, (raw) => {
        const { metadata, kind } = (raw ?? {}) as { metadata?: { name?: unknown }; kind?: unknown };
        const name = metadata?.name;
        fc.pre(typeof name === 'string' && (typeof kind !== 'string' || kind === 'Pod') && typeof raw === 'object' && raw !== null && !Array.isArray(raw));
        expect(toPodDigest(raw)?.name).toBe(name);
      }),
      { numRuns: 200 },
    );
  });
});
