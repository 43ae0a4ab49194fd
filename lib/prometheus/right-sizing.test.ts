import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, ownedBy } from '../model/testing/builders';
import { injectorAnnotations, rightSizingQueries, toRightSizing } from './right-sizing';

const MI = 1048576;
const pod = (name: string, proxy = { cpu: '100m', memory: '128Mi' }) =>
  aDigest({
    name,
    namespace: 'shop',
    owner: ownedBy('ReplicaSet', 'checkout-6c9f8d7b5'),
    initContainers: [aContainer('istio-proxy', { restartPolicy: 'Always', requests: proxy })],
    containers: [aContainer('checkout', { requests: { cpu: '500m', memory: '512Mi' } })],
  });
const sample = (podName: string, container: string, value: number) => ({ labels: { namespace: 'shop', pod: podName, container }, at: 0, value });

describe('toRightSizing', () => {
  it("suggests the highest per-pod p95 CPU and peak memory plus 20 %, per workload, in the injector's annotations", () => {
    const report = toRightSizing(
      [pod('checkout-a'), pod('checkout-b'), pod('checkout-c')],
      [sample('checkout-a', 'istio-proxy', 0.012), sample('checkout-b', 'istio-proxy', 0.021), sample('checkout-a', 'checkout', 0.4)],
      [sample('checkout-a', 'istio-proxy', 40 * MI), sample('checkout-c', 'istio-proxy', 50 * MI)],
      86_400,
    );
    expect(report.rows).toHaveLength(1);
    const [row] = report.rows;
    expect(row).toMatchObject({
      workload: { kind: 'Deployment', name: 'checkout' },
      container: 'istio-proxy',
      kind: 'native-sidecar',
      pods: 3,
      p95CpuMilli: 21,
      peakMemoryBytes: 50 * MI,
    });
    expect(row?.suggested).toEqual({ cpuMilli: 30, memoryBytes: 60 * MI });
    expect(row?.fleetDelta).toEqual({ cpuMilli: 3 * 70, memoryBytes: 3 * 68 * MI });
    expect(row?.annotations).toEqual({ 'sidecar.istio.io/proxyCPU': '30m', 'sidecar.istio.io/proxyMemory': '60Mi' });
    expect(report.fleetSavings).toEqual({ cpuMilli: 210, memoryBytes: 204 * MI });
  });

  it('counts under-sized requests as negative deltas, not savings', () => {
    const report = toRightSizing(
      [pod('checkout-a', { cpu: '10m', memory: '32Mi' })],
      [sample('checkout-a', 'istio-proxy', 0.05)],
      [sample('checkout-a', 'istio-proxy', 100 * MI)],
      3600,
    );
    expect(report.rows[0]?.fleetDelta.cpuMilli).toBeLessThan(0);
    expect(report.fleetSavings).toEqual({ cpuMilli: 0, memoryBytes: 0 });
  });

  it('leaves a sidecar without figures unsized (no suggestion, no delta)', () => {
    const report = toRightSizing([pod('checkout-a')], [], [], 3600);
    expect(report.rows[0]).toMatchObject({ suggested: {}, fleetDelta: { cpuMilli: 0, memoryBytes: 0 } });
  });
});

describe('the injector forms and the queries', () => {
  it('knows istio, linkerd, vault and dapr, and nothing else', () => {
    expect(injectorAnnotations('linkerd-proxy', 20, 32 * MI)).toEqual({
      'config.linkerd.io/proxy-cpu-request': '20m',
      'config.linkerd.io/proxy-memory-request': '32Mi',
    });
    expect(injectorAnnotations('fluent-bit', 20, 32 * MI)).toBeUndefined();
  });

  it('reads per-pod p95 CPU with a subquery and peak memory over the window', () => {
    const q = rightSizingQueries('{namespace="shop"}', 86_400);
    expect(q.cpu).toBe(
      'quantile_over_time(0.95, sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace="shop"}[5m]))[86400s:5m])',
    );
    expect(q.memory).toContain('max_over_time(container_memory_working_set_bytes{namespace="shop"}[86400s])');
  });
});
