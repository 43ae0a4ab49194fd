import { afterEach, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '../index';

let sim: SimCluster | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** `name{labels} value` lines of one family, as [labels object, value]. */
function series(text: string, name: string): [Record<string, string>, number][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const body = line.slice(name.length + 1, line.lastIndexOf('}'));
      const labels = Object.fromEntries([...body.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return [labels, Number(line.slice(line.lastIndexOf(' ') + 1))];
    });
}

async function scrape(path: string): Promise<{ type: string | null; text: string }> {
  const response = await fetch(`${sim?.url}${path}`);
  return { type: response.headers.get('content-type'), text: await response.text() };
}

describe("the sim's cAdvisor and kube-state-metrics endpoints", () => {
  it('serve the throttled istio-proxy and the child-process OOMs with the real label sets', async () => {
    sim = await startSimCluster({ manualClock: true, scenarios: ['sidecar-cpu-throttled', 'sidecar-child-oom'] });
    sim.engine.advance(65_000);
    const cadvisor = await scrape('/metrics/cadvisor');
    expect(cadvisor.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const periods = series(cadvisor.text, 'container_cpu_cfs_periods_total').find(([l]) => l.container === 'istio-proxy');
    const throttled = series(cadvisor.text, 'container_cpu_cfs_throttled_periods_total').find(([l]) => l.container === 'istio-proxy');
    expect(periods?.[0]).toMatchObject({
      namespace: 'edge',
      container: 'istio-proxy',
      pod: expect.stringMatching(/^gateway-/),
      id: expect.stringMatching(/^\/kubepods\/burstable\/pod[0-9a-f-]+\//),
    });
    expect((throttled?.[1] ?? 0) / (periods?.[1] ?? 1)).toBeCloseTo(0.55, 2);
    const oom = series(cadvisor.text, 'container_oom_events_total');
    expect(oom.find(([l]) => l.container === 'fluent-bit')?.[1]).toBeGreaterThanOrEqual(3);
    expect(oom.find(([l]) => l.container === 'ledger')?.[1]).toBe(0);
    const ksm = await scrape('/metrics/kube-state-metrics');
    const initRequests = series(ksm.text, 'kube_pod_init_container_resource_requests').filter(([l]) => l.container === 'istio-proxy');
    expect(initRequests.map(([l, v]) => [l.resource, l.unit, v]).sort()).toEqual([
      ['cpu', 'core', 0.05],
      ['memory', 'byte', 64 * 1048576],
    ]);
    const restarts = series(ksm.text, 'kube_pod_init_container_status_restarts_total').find(([l]) => l.container === 'fluent-bit');
    expect(restarts?.[1]).toBe(0);
    expect(series(ksm.text, 'kube_pod_init_container_info').find(([l]) => l.container === 'fluent-bit')?.[0].restart_policy).toBe('Always');
  });

  it('grows the CPU counter at the rate PodMetrics reports around', async () => {
    sim = await startSimCluster({ manualClock: true, scenarios: ['sidecar-cpu-throttled'] });
    sim.engine.advance(30_000);
    const first = series((await scrape('/metrics/cadvisor')).text, 'container_cpu_usage_seconds_total').find(([l]) => l.container === 'gateway')?.[1] ?? 0;
    sim.engine.advance(60_000);
    const second = series((await scrape('/metrics/cadvisor')).text, 'container_cpu_usage_seconds_total').find(([l]) => l.container === 'gateway')?.[1] ?? 0;
    const metrics = (await (await fetch(`${sim.url}/apis/metrics.k8s.io/v1beta1/namespaces/edge/pods`)).json()) as {
      items: { containers: { name: string; usage: { cpu: string } }[] }[];
    };
    const reportedMilli = Number(metrics.items[0]?.containers.find((c) => c.name === 'gateway')?.usage.cpu.replace('n', '')) / 1e6;
    const rateMilli = ((second - first) / 60) * 1000;
    expect(rateMilli).toBeCloseTo(140, 0);
    expect(reportedMilli).toBeGreaterThan(rateMilli * 0.8);
    expect(reportedMilli).toBeLessThan(rateMilli * 1.2);
  });
});
