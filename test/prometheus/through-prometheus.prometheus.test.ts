/**
 * The dashboard reading a real Prometheus 3 that scrapes the simulated kubelet's cAdvisor series,
 * kube-state-metrics series and the dashboard's own /metrics; the shipped alert rules evaluated
 * by that Prometheus on those series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/model/types';
import { eventually, firingAlerts, promQuery, startStack, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  // Real speed: the hub stamps observed transitions (started, ready) with the real clock, and a sim
  // running faster would put its reported times ahead of them. 300 periods = 30 s of throttling.
  stack = await startStack({
    scenarios: ['sidecar-cpu-throttled', 'sidecar-child-oom', 'sidecar-crashloop'],
    speed: 1,
    env: { SIDECARSCOPE_THROTTLE_MIN_PERIODS: '300' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function findingsOf(namespace: string, prefix: string): Finding[] {
  const { hub } = stack.runtime;
  hub.flush();
  for (const entry of hub.livePods()) if (entry.key.startsWith(`${namespace}/${prefix}`)) return entry.derived?.findings ?? [];
  return [];
}

function podNamed(namespace: string, prefix: string): { name: string; start?: number; containers: string[] } | undefined {
  const { hub } = stack.runtime;
  for (const { key, digest } of hub.livePods()) {
    if (key.startsWith(`${namespace}/${prefix}`)) return { name: digest.name, start: digest.startTime, containers: digest.containers.map((c) => c.name) };
  }
  return undefined;
}

describe('reading through Prometheus', () => {
  it('raises sidecar-cpu-throttled and sidecar-oom-no-restart from cAdvisor series the Prometheus scraped', async () => {
    const throttled = await eventually('a throttled istio-proxy finding', () => findingsOf('edge', 'gateway-').find((f) => f.id === 'sidecar-cpu-throttled'));
    expect(throttled.container).toBe('istio-proxy');
    expect(throttled.message).toMatch(/istio-proxy was throttled in 5[0-9]% of its CPU periods over the last 1 min/);
    const oom = await eventually('a child-OOM finding', () => findingsOf('edge', 'ledger-').find((f) => f.id === 'sidecar-oom-no-restart'));
    expect(oom.container).toBe('fluent-bit');
    expect(oom.evidence.find((e) => e.label === 'restarts in the window')?.value).toBe('0');
    // The unthrottled app and the ledger's app raise neither.
    expect(findingsOf('edge', 'gateway-').filter((f) => f.container === 'gateway' && f.id.startsWith('sidecar-'))).toEqual([]);
    expect(stack.runtime.prometheusSource?.status.state).toBe('ok');
  });

  it("serves a pod page history back to the pod's start: a throttling chart and OOM-event markers", async () => {
    const source = stack.runtime.prometheusSource;
    if (!source) throw new Error('no Prometheus source');
    const gateway = await eventually('the gateway pod', () => podNamed('edge', 'gateway-'));
    const view = await eventually('throttling points', async () => {
      const v = await source.podView('edge', gateway.name, gateway.start, gateway.containers);
      const proxy = v.containers.find((c) => c.container === 'istio-proxy');
      return (proxy?.throttled?.length ?? 0) >= 3 ? v : undefined;
    });
    expect(view.source).toBe('prometheus');
    expect(view.from).toBeLessThanOrEqual(gateway.start ?? Number.POSITIVE_INFINITY);
    const proxy = view.containers.find((c) => c.container === 'istio-proxy');
    const last = proxy?.throttled?.at(-1)?.value ?? 0;
    expect(last).toBeGreaterThan(0.45);
    expect(last).toBeLessThan(0.65);
    // Requests and limits of a native sidecar come from kube_pod_init_container_*.
    expect(proxy?.limits.cpuMilli).toBe(100);
    expect(proxy?.requests.memoryBytes).toBe(64 * 1048576);
    // gateway has a CPU limit (1 core) and is never throttled: a series of zeros, not null (unknown).
    expect(view.containers.find((c) => c.container === 'gateway')?.throttled?.every((p) => p.value === 0)).toBe(true);

    const ledger = await eventually('the ledger pod', () => podNamed('edge', 'ledger-'));
    const ledgerView = await eventually('OOM markers', async () => {
      const v = await source.podView('edge', ledger.name, ledger.start, ledger.containers);
      return (v.containers.find((c) => c.container === 'fluent-bit')?.oomEvents.length ?? 0) >= 1 ? v : undefined;
    });
    expect(ledgerView.containers.find((c) => c.container === 'ledger')?.oomEvents).toEqual([]);
    expect(ledgerView.containers.find((c) => c.container === 'fluent-bit')?.restarts).toEqual([]);
  });

  it('exports startup histograms and the source state that Prometheus scrapes from /metrics', async () => {
    const tax = await eventually('startup tax histograms in Prometheus', async () => {
      const r = await promQuery(stack.prometheusUrl, 'sidecarscope_pod_startup_tax_seconds_count{namespace="edge"}');
      return r.length >= 2 ? r : undefined;
    });
    expect(tax.map((s) => s.metric.workload).sort()).toEqual(['gateway', 'ledger']);
    for (const s of tax) expect(Object.keys(s.metric).sort()).toEqual(['__name__', 'instance', 'job', 'namespace', 'workload']);
    const started = await eventually('native sidecar start histograms', async () => {
      const r = await promQuery(stack.prometheusUrl, 'sidecarscope_container_started_seconds_count{namespace="edge",kind="native"}');
      return r.length >= 2 ? r : undefined;
    });
    expect(started.map((s) => s.metric.container).sort()).toEqual(['fluent-bit', 'istio-proxy']);
    const up = await eventually('source up', async () => (await promQuery(stack.prometheusUrl, 'sidecarscope_prometheus_source_up == 1'))[0]);
    expect(up.value[1]).toBe('1');
  });
});

describe('right-sizing through Prometheus', () => {
  it("sizes each workload's sidecar from its peak memory, in istio's annotations", async () => {
    const source = stack.runtime.prometheusSource;
    if (!source) throw new Error('no Prometheus source');
    const report = await source.rightSizing(3600);
    const proxy = report.rows.find((r) => r.workload.name === 'gateway' && r.container === 'istio-proxy');
    // 52 MiB working set (the sim's constant) + 20 %, rounded up to 4 MiB.
    expect(proxy).toMatchObject({
      namespace: 'edge',
      kind: 'native-sidecar',
      pods: 1,
      peakMemoryBytes: 52 * 1048576,
      suggested: { memoryBytes: 64 * 1048576 },
    });
    expect(proxy?.annotations?.['sidecar.istio.io/proxyMemory']).toBe('64Mi');
    expect(report.rows.map((r) => r.container)).not.toContain('gateway');
  });
});

describe('the shipped alerts, evaluated by the real Prometheus', () => {
  it('fire for the crash-looping native sidecar', async () => {
    const alert = await eventually(
      'SidecarCrashLooping firing',
      async () => (await firingAlerts(stack.prometheusUrl)).find((a) => a.labels.alertname === 'SidecarCrashLooping'),
      230_000,
    );
    expect(alert.labels).toMatchObject({ namespace: 'mesh', container: 'istio-proxy', severity: 'critical' });
    const viaQuery = await promQuery(stack.prometheusUrl, 'ALERTS{alertstate="firing",alertname="SidecarCrashLooping"}');
    expect(viaQuery.length).toBeGreaterThanOrEqual(1);
  });
});
