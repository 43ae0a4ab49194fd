import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, at, ms, running, terminated } from '../testing/builders';
import type { ContainerPrometheusSignals, FindingThresholds, PodAnalysisInput } from '../types';
import { detectFindings } from './index';

const NOW = ms(3600);

function findingsFor(
  proxy: ContainerPrometheusSignals | undefined,
  options: { thresholds?: Partial<FindingThresholds>; lastOom?: string; app?: ContainerPrometheusSignals } = {},
) {
  const lastState =
    options.lastOom === undefined ? undefined : terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: at(1), finishedAt: options.lastOom });
  const pod = aDigest({
    initContainers: [
      aContainer('istio-proxy', { restartPolicy: 'Always', requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } }),
    ],
    containers: [aContainer('app', { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } })],
    statuses: [
      aStatus('istio-proxy', running(at(2)), { restartCount: lastState ? 1 : 0, ...(lastState ? { lastState } : {}) }),
      aStatus('app', running(at(3))),
    ],
  });
  const containers: Record<string, ContainerPrometheusSignals> = {};
  if (proxy) containers['istio-proxy'] = proxy;
  if (options.app) containers.app = options.app;
  const input: PodAnalysisInput = {
    pod,
    now: NOW,
    prometheus: { at: NOW, windowSeconds: 600, containers },
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  };
  return detectFindings(input).filter((f) => f.id === 'sidecar-cpu-throttled' || f.id === 'sidecar-oom-no-restart');
}

describe('sidecar-cpu-throttled', () => {
  it('raises when a sidecar was throttled in at least a quarter of enough periods', () => {
    const [finding, ...rest] = findingsFor({ throttledShare: 0.62, cfsPeriods: 6000 });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: 'sidecar-cpu-throttled', container: 'istio-proxy', severity: 'warning' });
    expect(finding?.message).toBe('istio-proxy was throttled in 62% of its CPU periods over the last 10 min');
    expect(finding?.evidence.map((e) => e.label)).toEqual(['throttled periods', 'threshold', 'cpu limit']);
  });

  it.each([
    ['a share under the threshold', { throttledShare: 0.2, cfsPeriods: 6000 }],
    ['too few periods (a short burst)', { throttledShare: 0.9, cfsPeriods: 100 }],
    ['no CFS series (no limit, or cAdvisor not scraped): unknown, not zero', { oomEvents: 0 }],
    ['no Prometheus figures at all', undefined],
  ])('stays silent for %s', (_name, signals) => {
    expect(findingsFor(signals)).toEqual([]);
  });

  it('follows configured thresholds', () => {
    expect(findingsFor({ throttledShare: 0.2, cfsPeriods: 6000 }, { thresholds: { throttledShare: 0.1 } })).toHaveLength(1);
    expect(findingsFor({ throttledShare: 0.62, cfsPeriods: 6000 }, { thresholds: { minCfsPeriods: 10_000 } })).toEqual([]);
  });

  it("judges sidecars only: a throttled app is the app owner's business", () => {
    expect(findingsFor(undefined, { app: { throttledShare: 0.9, cfsPeriods: 6000 } })).toEqual([]);
  });
});

describe('sidecar-oom-no-restart', () => {
  it('raises for OOM events inside a sidecar that did not restart (a child process killed)', () => {
    const [finding] = findingsFor({ oomEvents: 2, restarts: 0 });
    expect(finding).toMatchObject({ id: 'sidecar-oom-no-restart', container: 'istio-proxy' });
    expect(finding?.message).toBe('2 OOM kills inside istio-proxy over the last 10 min, without a restart');
  });

  it('raises when kube-state-metrics is not scraped (restarts unknown) and says so', () => {
    const [finding] = findingsFor({ oomEvents: 1 });
    expect(finding?.evidence.find((e) => e.label === 'restarts in the window')?.value).toMatch(/kube-state-metrics not scraped/);
  });

  it.each([
    ['the container itself restarted in the window', { oomEvents: 1, restarts: 1 }, {}],
    ['the container itself was OOM-killed in the window (sidecar-oomkilled covers it)', { oomEvents: 1 }, { lastOom: at(3500) }],
    ['no OOM events', { oomEvents: 0, restarts: 0 }, {}],
  ])('stays silent when %s', (_name, signals, options) => {
    expect(findingsFor(signals, options)).toEqual([]);
  });

  it("still raises when the container's own OOM kill is older than the window", () => {
    expect(findingsFor({ oomEvents: 1, restarts: 0 }, { lastOom: at(60) }).map((f) => f.id)).toEqual(['sidecar-oom-no-restart']);
  });
});
