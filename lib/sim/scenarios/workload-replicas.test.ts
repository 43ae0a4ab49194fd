import { describe, expect, it } from 'vitest';
import { firstTime, simulate } from '../testing';

const isReady = (pod: { status: { conditions?: { type: string; status: string }[] } }) =>
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('workload-istio-replicas', () => {
  it('starts six replicas of one ReplicaSet from 10 s on, one of them far slower to become Ready than the others', () => {
    const sim = simulate(['workload-istio-replicas']);
    sim.run(9);
    expect(sim.pods().filter((p) => p.metadata.namespace === 'storefront')).toHaveLength(0);
    sim.run(90);
    const pods = sim.pods().filter((p) => p.metadata.namespace === 'storefront');
    expect(pods).toHaveLength(6);
    expect(new Set(pods.map((p) => p.metadata.ownerReferences?.[0]?.name)).size).toBe(1);
    expect(pods.every((p) => p.spec.containers.map((c) => c.name).join() === 'storefront,istio-proxy')).toBe(true);
    const readyAfter = pods
      .map((p) => {
        const ready = firstTime(sim.historyOf(p.metadata.uid ?? ''), isReady);
        return (ready ?? Number.NaN) - Date.parse(p.metadata.creationTimestamp ?? '');
      })
      .sort((a, b) => a - b);
    expect(readyAfter.every(Number.isFinite)).toBe(true);
    const median = readyAfter[2] ?? 0;
    const slowest = readyAfter[5] ?? 0;
    expect(slowest).toBeGreaterThan(2 * median);
    expect(readyAfter[4] ?? 0).toBeLessThan(1.5 * median);
  });
});
