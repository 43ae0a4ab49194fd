import { describe, expect, it } from 'vitest';
import { aContainer, aPod, aStatus, at, ownedBy, running } from '../model/testing/builders';
import { Hub } from './hub';
import { renderExportMetrics } from './prometheus-export';

function aRealHub(thresholds = {}) {
  const clock = { time: Date.parse(at(600)) };
  const hub = new Hub({
    now: () => clock.time,
    cluster: { name: 't', mode: 'demo' },
    retentionMs: 60_000,
    maxDeleted: 10,
    metricsHistoryMs: 60_000,
    findingThresholds: thresholds,
  });
  const pod = (name: string) =>
    aPod({
      name,
      namespace: 'edge',
      owner: ownedBy('ReplicaSet', 'gateway-7d4b9c8f6d'),
      initContainers: [
        aContainer('istio-proxy', { restartPolicy: 'Always', requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } }),
      ],
      containers: [aContainer('gateway', { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } })],
      statuses: [aStatus('istio-proxy', running(at(2))), aStatus('gateway', running(at(5)))],
    });
  hub.applyPodList('*', [pod('gateway-7d4b9c8f6d-aaaaa'), pod('gateway-7d4b9c8f6d-bbbbb')]);
  hub.flush();
  return hub;
}

const idsOf = (hub: Hub, name: string) => {
  hub.flush();
  return (hub.livePod(`edge/${name}`)?.derived?.findings ?? []).map((f) => `${f.id}:${f.container}`);
};

const throttled = new Map([
  ['edge/gateway-7d4b9c8f6d-aaaaa', { at: 0, windowSeconds: 600, containers: { 'istio-proxy': { throttledShare: 0.6, cfsPeriods: 6000 } } }],
]);

describe('the hub with Prometheus signals', () => {
  it('raises the Prometheus-fed findings for the pods named, and clears them when Prometheus is lost', () => {
    const hub = aRealHub();
    hub.applyPrometheusSignals(throttled);
    expect(idsOf(hub, 'gateway-7d4b9c8f6d-aaaaa')).toContain('sidecar-cpu-throttled:istio-proxy');
    expect(idsOf(hub, 'gateway-7d4b9c8f6d-bbbbb')).not.toContain('sidecar-cpu-throttled:istio-proxy');
    hub.applyPrometheusSignals(undefined);
    expect(idsOf(hub, 'gateway-7d4b9c8f6d-aaaaa')).not.toContain('sidecar-cpu-throttled:istio-proxy');
  });

  it('applies the configured thresholds', () => {
    const hub = aRealHub({ throttledShare: 0.7 });
    hub.applyPrometheusSignals(throttled);
    expect(idsOf(hub, 'gateway-7d4b9c8f6d-aaaaa')).not.toContain('sidecar-cpu-throttled:istio-proxy');
  });
});

describe('the startup histograms on /metrics', () => {
  it('observe each pod once, labelled by workload and container kind, never by pod', () => {
    const hub = aRealHub();
    const first = renderExportMetrics(hub, undefined);
    const second = renderExportMetrics(hub, undefined);
    const count = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}_count`));
    expect(count(second, 'sidecarscope_pod_startup_tax_seconds')).toEqual([
      'sidecarscope_pod_startup_tax_seconds_count{namespace="edge",workload="gateway"} 2',
    ]);
    expect(count(second, 'sidecarscope_container_started_seconds')).toEqual([
      'sidecarscope_container_started_seconds_count{namespace="edge",workload="gateway",container="istio-proxy",kind="native"} 2',
      'sidecarscope_container_started_seconds_count{namespace="edge",workload="gateway",container="gateway",kind="main"} 2',
    ]);
    expect(first).toBe(second);
    expect(second).not.toMatch(/gateway-7d4b9c8f6d-aaaaa|uid-/);
    expect(second).toContain('sidecarscope_pod_startup_tax_seconds_bucket{namespace="edge",workload="gateway",le="5"} 2');
  });
});
