import { describe, expect, it } from 'vitest';
import { adviseProbes, countAppBeforeSidecar, probeBudgetSeconds, startupProbeTiming } from './probe-advice';
import { aContainer, aDigest, aNativeSidecar, aProbe, ms, ownedBy } from './testing/builders';
import type { ContainerKind, ContainerSpecDigest, Lane, PodLifecycle } from './types';
import type { ContainerStartupStats } from './workload-view';
import { toDurationStats } from './workload-startup';

function statsOf(container: string, kind: ContainerKind, readyMs: number[], startedMs: number[] = []): ContainerStartupStats {
  return { container, kind, toStarted: toDurationStats(startedMs), toReady: toDurationStats(readyMs), points: [] };
}

function specs(...containers: Parameters<typeof aDigest>[0][]): ContainerSpecDigest[] {
  return containers.flatMap((c) => aDigest(c).containers);
}

const lane = (container: string, kind: ContainerKind, run: number, ready?: number): Lane => ({
  container,
  kind,
  image: 'x',
  segments: [],
  markers: [],
  restartCount: 0,
  firstRunningAt: { at: ms(run), source: 'reported', resolutionMs: 1000 },
  ...(ready === undefined ? {} : { readyAt: { at: ms(ready), source: 'observed', resolutionMs: 1 } }),
});
const lifecycleOf = (lanes: Lane[]): PodLifecycle => ({ uid: 'u', namespace: 'n', name: 'p', lanes, markers: [], startupOrder: [] });

describe('startupProbeTiming', () => {
  it.each([
    { p99: 4_000, period: undefined, expected: { periodSeconds: 1, failureThreshold: 6, coversSeconds: 6 } },
    { p99: 1_000, period: undefined, expected: { periodSeconds: 1, failureThreshold: 3, coversSeconds: 3 } },
    { p99: 60_000, period: undefined, expected: { periodSeconds: 2, failureThreshold: 45, coversSeconds: 90 } },
    { p99: 200_000, period: undefined, expected: { periodSeconds: 5, failureThreshold: 60, coversSeconds: 300 } },
    { p99: 20_000, period: 10, expected: { periodSeconds: 10, failureThreshold: 3, coversSeconds: 30 } },
    { p99: 15_200, period: undefined, expected: { periodSeconds: 1, failureThreshold: 23, coversSeconds: 23 } },
  ])('covers a p99 of $p99 ms × 1.5 (period $period)', ({ p99, period, expected }) => {
    expect(startupProbeTiming(p99, period)).toEqual(expected);
  });
});

describe('probeBudgetSeconds', () => {
  it('is initialDelaySeconds + periodSeconds × failureThreshold', () => {
    expect(probeBudgetSeconds({ handler: 'httpGet', initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 })).toBe(35);
  });
});

describe('countAppBeforeSidecar', () => {
  it('counts replicas whose app ran before the sidecar was ready, or where it never was', () => {
    const lifecycles = [
      lifecycleOf([lane('app', 'main', 2), lane('envoy', 'legacy-sidecar', 2, 5)]),
      lifecycleOf([lane('app', 'main', 6), lane('envoy', 'legacy-sidecar', 2, 5)]),
      lifecycleOf([lane('app', 'main', 3), lane('envoy', 'legacy-sidecar', 2)]),
      lifecycleOf([lane('app', 'main', 3)]),
    ];
    expect(countAppBeforeSidecar(lifecycles, 'envoy')).toEqual({ raced: 2, of: 3 });
  });
});

describe('adviseProbes', () => {
  const slowApp = [3_000, 4_000, 4_000, 5_000, 15_000];
  const app = aContainer('app', { readinessProbe: aProbe({ port: 8080, periodSeconds: 1 }), ports: [8080] });

  it('tells a readiness probe that fires before the app serves to wait for a startupProbe covering p99 × 1.5', () => {
    const [advice] = adviseProbes({ containers: specs({ containers: [app] }), stats: [statsOf('app', 'main', slowApp)], lifecycles: [] });
    expect(advice?.kind).toBe('readiness-before-serving');
    expect(advice?.yaml).toContain('periodSeconds: 1');
    expect(advice?.yaml).toContain('failureThreshold: 23   # 23 s: observed p99 × 1.5');
    expect(advice?.reason).toContain('covers the observed p99 of 15.0 s with a 50% margin');
    expect(advice?.evidence).toContainEqual({ label: 'replicas measured', value: '5' });
  });

  it('leaves a readiness probe alone when the app serves before it fires', () => {
    const late = aContainer('app', { readinessProbe: aProbe({ port: 8080, initialDelaySeconds: 20 }) });
    expect(adviseProbes({ containers: specs({ containers: [late] }), stats: [statsOf('app', 'main', slowApp)], lifecycles: [] })).toEqual([]);
  });

  it('raises a startupProbe whose budget is shorter than p99 × 1.5, keeping its period', () => {
    const tight = aContainer('app', { startupProbe: aProbe({ port: 8080, periodSeconds: 2, failureThreshold: 5 }) });
    const [advice] = adviseProbes({ containers: specs({ containers: [tight] }), stats: [statsOf('app', 'main', [], slowApp)], lifecycles: [] });
    expect(advice?.kind).toBe('raise-startup-probe');
    expect(advice?.yaml).toContain('periodSeconds: 2');
    expect(advice?.yaml).toContain('failureThreshold: 12');
  });

  it('adds a startupProbe where a livenessProbe would kill a slow replica', () => {
    const live = aContainer('app', {
      livenessProbe: aProbe({ port: 8080, periodSeconds: 5, failureThreshold: 3 }),
      readinessProbe: aProbe({ port: 8080, initialDelaySeconds: 30 }),
    });
    const [advice] = adviseProbes({ containers: specs({ containers: [live] }), stats: [statsOf('app', 'main', slowApp)], lifecycles: [] });
    expect(advice?.kind).toBe('add-startup-probe');
    expect(advice?.evidence[0]).toEqual({ label: 'livenessProbe budget', value: '15 s' });
  });

  it('adds a startupProbe to a native sidecar without one, from its readiness', () => {
    const proxy = aNativeSidecar('proxy', { readinessProbe: aProbe({ port: 15021 }) });
    const [advice] = adviseProbes({
      containers: specs({ initContainers: [proxy], containers: [aContainer('app')] }),
      stats: [statsOf('proxy', 'native-sidecar', [1_000, 2_000])],
      lifecycles: [],
    });
    expect(advice?.kind).toBe('add-startup-probe');
    expect(advice?.yaml.split('\n')).toEqual([
      '# initContainers[proxy]',
      '- name: proxy',
      '  startupProbe:',
      "    httpGet: { path: /, port: 15021 }   # from proxy's readinessProbe",
      '    periodSeconds: 1',
      '    failureThreshold: 3   # 3 s: observed p99 × 1.5',
    ]);
  });

  it('turns a legacy sidecar into a native one, with the race as evidence', () => {
    const envoy = aContainer('envoy', { image: 'envoyproxy/envoy:v1.30.1', readinessProbe: aProbe({ port: 15021, periodSeconds: 1 }) });
    const lifecycles = [
      lifecycleOf([lane('app', 'main', 2), lane('envoy', 'legacy-sidecar', 2, 4)]),
      lifecycleOf([lane('app', 'main', 5), lane('envoy', 'legacy-sidecar', 2, 4)]),
    ];
    const [advice] = adviseProbes({
      containers: specs({ containers: [aContainer('app'), envoy] }),
      stats: [statsOf('envoy', 'legacy-sidecar', [2_000, 2_000])],
      lifecycles,
    });
    expect(advice?.kind).toBe('make-native-sidecar');
    expect(advice?.evidence[0]).toEqual({ label: 'app ran before the sidecar was ready', value: '1 of 2 replicas' });
    expect(advice?.yaml).toContain('initContainers:\n  - name: envoy\n    image: envoyproxy/envoy:v1.30.1\n    restartPolicy: Always\n    startupProbe:');
  });

  it("gives an injected legacy sidecar its injector's switch, not a hand-moved container", () => {
    const pod = aDigest({
      name: 'web-7d9f-abcde',
      namespace: 'shop',
      owner: ownedBy('ReplicaSet', 'web-7d9f'),
      annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
      containers: [aContainer('app'), aContainer('istio-proxy', { image: 'docker.io/istio/proxyv2:1.25.2', readinessProbe: aProbe({ port: 15021 }) })],
    });
    const [advice] = adviseProbes({
      containers: pod.containers,
      pod,
      stats: [statsOf('istio-proxy', 'legacy-sidecar', [1_000, 2_000])],
      lifecycles: [lifecycleOf([lane('app', 'main', 1), lane('istio-proxy', 'legacy-sidecar', 1, 3)])],
    });
    expect(advice?.kind).toBe('make-native-sidecar');
    expect(advice?.title).toBe("Make istio-proxy a native sidecar through Istio's injector");
    expect(advice?.yaml).toContain('sidecar.istio.io/nativeSidecar: "true"');
    expect(advice?.yaml).not.toContain('initContainers');
    expect(advice?.reason).toContain("istio-proxy is written by Istio's injector on every pod");
    expect(advice?.reason).toMatch(/1\.25\.2: available/);
    expect(advice?.evidence.at(-1)).toEqual({ label: 'injected by', value: expect.stringContaining('sidecar.istio.io/status') as unknown });
  });

  it('says why when the injector has no native-sidecar mode, and keeps the manual move', () => {
    const pod = aDigest({
      annotations: { 'appmesh.k8s.aws/sidecarInjectorWebhook': 'enabled' },
      containers: [aContainer('app'), aContainer('envoy', { image: '840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod' })],
    });
    const advice = adviseProbes({ containers: pod.containers, pod, stats: [], lifecycles: [] }).find((a) => a.container === 'envoy');
    expect(advice?.reason).toContain('App Mesh controller has no native-sidecar mode');
    expect(advice?.yaml).toContain('restartPolicy: Always');
  });

  it('does not suggest native sidecars to a cluster older than 1.29', () => {
    const envoy = aContainer('envoy', { image: 'envoyproxy/envoy:v1.30.1' });
    const input = {
      containers: specs({ containers: [aContainer('app'), envoy] }),
      stats: [],
      lifecycles: [],
      cluster: { serverVersion: { major: 1, minor: 28 } },
    };
    expect(adviseProbes(input)).toEqual([]);
  });

  it('says nothing without a measurement of when the container serves', () => {
    expect(adviseProbes({ containers: specs({ containers: [aContainer('app')] }), stats: [statsOf('app', 'main', slowApp)], lifecycles: [] })).toEqual([]);
  });
});
