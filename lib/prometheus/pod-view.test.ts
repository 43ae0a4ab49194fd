import { describe, expect, it } from 'vitest';
import type { PodLifecycle } from '../model/types';
import { counterMarkers, stepFor, toPodPrometheusView, withOomEventMarkers, type PodPrometheusView } from './pod-view';
import { escapeRegex, podQueries, quoteLabel, scopeSelector, signalQueries } from './queries';
import { toPodSignals } from './signals';

const pts = (...values: number[]) => values.map((value, i) => ({ at: (i + 1) * 1000, value }));

describe('counterMarkers', () => {
  it('marks every rise of a counter, a reset counting its new value', () => {
    expect(counterMarkers(pts(0, 0, 1, 1, 3, 0, 2))).toEqual([
      { at: 3000, count: 1 },
      { at: 5000, count: 2 },
      { at: 7000, count: 2 },
    ]);
  });
});

describe('toPodPrometheusView', () => {
  it('gives each container its series in declaration order; no CFS series stays null (unknown)', () => {
    const view = toPodPrometheusView(
      {
        cpu: [
          { labels: { container: 'app' }, points: pts(0.1) },
          { labels: { container: 'istio-proxy' }, points: pts(0.096) },
        ],
        memory: [
          { labels: { container: 'app' }, points: pts(1e8) },
          { labels: { container: 'istio-proxy' }, points: pts(5e7) },
        ],
        throttled: [{ labels: { container: 'istio-proxy' }, points: pts(0.55) }],
        oomEvents: [{ labels: { container: 'istio-proxy' }, points: pts(0, 1) }],
        restarts: [],
        resources: [
          { labels: { __name__: 'kube_pod_init_container_resource_limits', container: 'istio-proxy', resource: 'cpu' }, at: 0, value: 0.1 },
          { labels: { __name__: 'kube_pod_init_container_resource_requests', container: 'istio-proxy', resource: 'memory' }, at: 0, value: 64 * 1048576 },
        ],
      },
      { from: 0, to: 2000, stepSeconds: 1 },
      ['istio-proxy', 'app'],
    );
    expect(view.containers.map((c) => c.container)).toEqual(['istio-proxy', 'app']);
    expect(view.containers[0]).toMatchObject({
      cpu: [{ at: 1000, value: 96 }],
      throttled: [{ at: 1000, value: 0.55 }],
      oomEvents: [{ at: 2000, count: 1 }],
      limits: { cpuMilli: 100 },
      requests: { memoryBytes: 64 * 1048576 },
    });
    expect(view.containers[1]?.throttled).toBeNull();
  });

  it('keeps a range under the point budget', () => {
    expect(stepFor(0, 86_400_000, 15)).toBe(360);
    expect(stepFor(0, 60_000, 15)).toBe(15);
  });
});

describe('the PromQL', () => {
  it('escapes label values and regex alternations', () => {
    expect(quoteLabel('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(escapeRegex('cloud.sql+proxy')).toBe('cloud\\.sql\\+proxy');
    expect(scopeSelector({ namespaces: ['edge', 'shop'], containers: ['istio-proxy', 'fluent-bit'] })).toBe(
      '{namespace=~"edge|shop",container=~"istio-proxy|fluent-bit",container!="",container!="POD"}',
    );
  });

  it('asks once per signal for the whole scope, and reads both kube-state-metrics families', () => {
    const q = signalQueries({ namespaces: [], containers: ['istio-proxy'] }, 600);
    expect(q.throttled).toContain('increase(container_cpu_cfs_throttled_periods_total{container=~"istio-proxy",container!="",container!="POD"}[600s])');
    expect(q.restarts).toContain('kube_pod_init_container_status_restarts_total');
    expect(q.restarts).toContain('kube_pod_container_status_restarts_total');
    expect(Object.values(q).some((query) => query.includes('pod='))).toBe(false);
    expect(podQueries('edge', 'gw-1', 60).resources).toBe(
      '{__name__=~"kube_pod_(init_)?container_resource_(requests|limits)",namespace="edge",pod="gw-1",resource=~"cpu|memory"}',
    );
  });
});

describe('toPodSignals', () => {
  const sample = (pod: string, container: string, value: number) => ({ labels: { namespace: 'edge', pod, container }, at: 0, value });

  it('groups by pod and counts no restart series as zero only when kube-state-metrics answered', () => {
    const answered = toPodSignals(
      {
        throttled: [sample('gw', 'istio-proxy', 0.5)],
        periods: [sample('gw', 'istio-proxy', 6000)],
        oomEvents: [sample('ledger', 'fluent-bit', 3)],
        restarts: [],
      },
      5,
      600,
    );
    expect(answered.get('edge/gw')?.containers).toEqual({ 'istio-proxy': { throttledShare: 0.5, cfsPeriods: 6000 } });
    expect(answered.get('edge/ledger')?.containers).toEqual({ 'fluent-bit': { oomEvents: 3, restarts: 0 } });
    const unanswered = toPodSignals({ throttled: [], periods: [], oomEvents: [sample('ledger', 'fluent-bit', 3)] }, 5, 600);
    expect(unanswered.get('edge/ledger')?.containers).toEqual({ 'fluent-bit': { oomEvents: 3 } });
  });
});

describe('withOomEventMarkers', () => {
  const lane = (container: string) => ({
    container,
    kind: 'native-sidecar' as const,
    image: 'x',
    segments: [],
    markers: [{ kind: 'started' as const, at: { at: 5000, source: 'observed' as const, resolutionMs: 1 }, label: 'started' }],
    restartCount: 0,
  });
  const lifecycle: PodLifecycle = { uid: 'u', namespace: 'edge', name: 'p', lanes: [lane('fluent-bit'), lane('ledger')], markers: [], startupOrder: [] };
  const view = (source: PodPrometheusView['source']): PodPrometheusView => ({
    source,
    from: 0,
    to: 10_000,
    stepSeconds: 3,
    containers: [
      {
        container: 'fluent-bit',
        cpu: [],
        memory: [],
        throttled: null,
        oomEvents: [
          { at: 3000, count: 1 },
          { at: 9000, count: 2 },
        ],
        restarts: [],
        requests: {},
        limits: {},
      },
    ],
  });

  it("puts Prometheus' OOM events on their container's lane, in time order, at the step's resolution", () => {
    const [fluentBit, ledger] = withOomEventMarkers(lifecycle, view('prometheus')).lanes;
    expect(fluentBit?.markers.map((m) => [m.kind, m.at.at, m.label])).toEqual([
      ['oom-event', 3000, 'OOM kill (Prometheus)'],
      ['started', 5000, 'started'],
      ['oom-event', 9000, '2 OOM kills (Prometheus)'],
    ]);
    expect(fluentBit?.markers[0]?.at.resolutionMs).toBe(3000);
    expect(ledger?.markers).toHaveLength(1);
  });

  it('leaves the lifecycle alone without a Prometheus view', () => {
    expect(withOomEventMarkers(lifecycle, view('metrics-server'))).toBe(lifecycle);
    expect(withOomEventMarkers(lifecycle, undefined)).toBe(lifecycle);
  });
});
