import { describe, expect, it } from 'vitest';
import { fleetOf, toPodRow } from '../model/derive-views';
import { aContainer, aDigest, aNativeSidecar } from '../model/testing/builders';
import type { Finding, MetricsSample, PodDigest } from '../model/types';
import { Interner } from './interner';
import { shareDerived, type Derived } from './shared-derived';

const withRequests = { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '3Gi' } };
const pod: PodDigest = aDigest({ containers: [aContainer('app', withRequests), aNativeSidecar('envoy', withRequests)] });

function derivedWith(sample: MetricsSample | undefined): Derived {
  return { findings: [], row: toPodRow(pod, []), fleet: fleetOf(pod, sample) };
}

const sample = (containers: MetricsSample['containers']): MetricsSample => ({ at: 1_000, containers });

describe('shareDerived: the fleet share', () => {
  it.each([
    ['no use', undefined],
    ['use of both sides', sample({ app: { cpuMilli: 12.5, memoryBytes: 5 * 2 ** 30 }, envoy: { cpuMilli: 3, memoryBytes: 40_000_000 } })],
    ['use of the main containers only', sample({ app: { cpuMilli: 0, memoryBytes: 0 } })],
    ['use of the sidecars only', sample({ envoy: { cpuMilli: 7, memoryBytes: 1 } })],
  ])('gives back the share with %s, in the same key order', (_name, metrics) => {
    const fresh = derivedWith(metrics);
    const json = JSON.stringify(fresh.fleet);
    const kept = shareDerived(derivedWith(metrics), new Interner());
    expect(kept.fleet).toEqual(fresh.fleet);
    expect(JSON.stringify(kept.fleet)).toBe(json);
  });

  it('keeps one share of requests and limits for the pods of a template, whatever each one uses', () => {
    const shared = new Interner();
    const a = shareDerived(derivedWith(sample({ app: { cpuMilli: 1, memoryBytes: 1 } })), shared);
    const b = shareDerived(derivedWith(sample({ app: { cpuMilli: 2, memoryBytes: 2 } })), shared);
    expect(a.fleet.mains.usage).toEqual({ cpuMilli: 1, memoryBytes: 1 });
    expect(b.fleet.mains.usage).toEqual({ cpuMilli: 2, memoryBytes: 2 });
    expect(b.fleet.mains.requests).toBe(a.fleet.mains.requests);
    expect(b.fleet.sidecars.limits).toBe(a.fleet.sidecars.limits);
  });
});

describe('shareDerived: findings whose texts name the pod', () => {
  const logs = (name: string, namespace: string) => `Read the previous run's logs (\`kubectl logs ${name} -n ${namespace} -c app --previous\`).`;

  function crashloop(target: PodDigest, texts: Partial<Pick<Finding, 'message' | 'explanation' | 'fix'>> = {}): Finding {
    return {
      id: 'container-crashloop',
      severity: 'warning',
      namespace: target.namespace,
      pod: target.name,
      podUid: target.uid,
      container: 'app',
      message: 'app is crash-looping (3 restarts)',
      explanation: 'It keeps exiting and the kubelet keeps restarting it, waiting longer each time.',
      evidence: [{ label: 'restarts', value: '3' }],
      fix: logs(target.name, target.namespace),
      ...texts,
    };
  }

  function derivedOf(target: PodDigest, findings: Finding[]): Derived {
    return { findings, row: toPodRow(target, findings), fleet: fleetOf(target, undefined) };
  }

  it('keeps one template for pods whose fix differs only by their name and namespace, and reads each pod its own', () => {
    const shared = new Interner();
    const a = aDigest({ name: 'svc-0001-abcde', namespace: 'churn-00' });
    const b = aDigest({ name: 'svc-0001-fghjk', namespace: 'churn-01' });
    const keptA = shareDerived(derivedOf(a, [crashloop(a)]), shared);
    const keptB = shareDerived(derivedOf(b, [crashloop(b)]), shared);
    expect(JSON.stringify(keptA.findings)).toBe(JSON.stringify([crashloop(a)]));
    expect(JSON.stringify(keptB.findings)).toBe(JSON.stringify([crashloop(b)]));
    expect(keptB.findings[0]?.fix).toBe(logs('svc-0001-fghjk', 'churn-01'));
    expect((keptB as unknown as { templates: unknown[] }).templates).toBe((keptA as unknown as { templates: unknown[] }).templates);
  });

  it.each([
    ['the namespace inside the name', 'payments-7f9c', 'payments'],
    ['the name inside the namespace', 'pay', 'payments'],
    ['the name equal to the namespace', 'web', 'web'],
    ['a name with dots (a regular expression would read them as any character)', 'web.v1.x', 'prod'],
    ['the namespace a word of the texts', 'web-0', 'default'],
    ['the name a word of the texts', 'app', 'team-a'],
    ['a one-letter namespace', 'kubelet-log-a', 'a'],
  ])('reads back exactly what was derived with %s', (_case, name, namespace) => {
    const target = aDigest({ name, namespace });
    const finding = crashloop(target, {
      message: `${name} in ${namespace}: app is crash-looping (3 restarts)`,
      explanation: `Pods in ${namespace} restart; the default backoff applies to ${name}, app and ${namespace}/${name}.`,
    });
    const kept = shareDerived(derivedOf(target, [finding]), new Interner());
    expect(JSON.stringify(kept.findings)).toBe(JSON.stringify([finding]));
  });

  it('leaves whole the texts of a finding that already hold the markers it would use', () => {
    const target = aDigest({ name: 'web-0', namespace: 'prod' });
    const finding = crashloop(target, { message: 'odd \u0000\u0001 text naming web-0', fix: 'see \u0000\u0002 prod web-0' });
    const kept = shareDerived(derivedOf(target, [finding]), new Interner());
    expect(JSON.stringify(kept.findings)).toBe(JSON.stringify([finding]));
  });

  it("reads another pod's name in a finding back as it was (only the row's own pod is cut out)", () => {
    const target = aDigest({ name: 'web-0', namespace: 'prod' });
    const finding = { ...crashloop(target), pod: 'other-pod', fix: logs('other-pod', 'prod') };
    const kept = shareDerived(derivedOf(target, [finding]), new Interner());
    expect(JSON.stringify(kept.findings)).toBe(JSON.stringify([finding]));
  });
});
