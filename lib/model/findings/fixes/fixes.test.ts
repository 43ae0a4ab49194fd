import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMemoryBytes } from '../../quantity';
import { aCondition, aContainer, aDigest, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated } from '../../testing/builders';
import type { ContainerSpecDigest } from '../../types';
import { detectFindings } from '../index';
import { probeHandlerFromSpec } from './probe';
import { planResources, toMemoryQuantity } from './resources';

const MI = 1024 * 1024;

function sidecarOf(container: ReturnType<typeof aContainer>): ContainerSpecDigest {
  const spec = aDigest({ containers: [aContainer('app'), container] }).containers.find((candidate) => candidate.name === container.name);
  if (!spec) throw new Error('no such container');
  return spec;
}

describe('probeHandlerFromSpec', () => {
  it.each([
    [
      'its readinessProbe',
      aContainer('proxy', { readinessProbe: aProbe({ path: '/ready', port: 4191 }), ports: [9999] }),
      'httpGet: { path: /ready, port: 4191 }',
      "proxy's readinessProbe",
    ],
    [
      'its livenessProbe when it has no readinessProbe',
      aContainer('proxy', { livenessProbe: aProbe({ handler: 'tcpSocket', port: 'admin' }) }),
      'tcpSocket: { port: admin }',
      "proxy's livenessProbe",
    ],
    [
      'its first declared port when it has no probe',
      aContainer('proxy', { ports: [5432, 9801] }),
      'tcpSocket: { port: 5432 }',
      "proxy's first declared containerPort",
    ],
  ])('takes %s', (_case, container, handler, basis) => {
    const probe = probeHandlerFromSpec(sidecarOf(container));
    expect(probe).toMatchObject({ handler, basis, isPlaceholder: false });
    expect(probe.values.every((value) => value.origin === 'pod')).toBe(true);
  });

  it('keeps a non-default scheme', () => {
    const container = aContainer('proxy', { readinessProbe: { httpGet: { path: '/healthz', port: 8443, scheme: 'HTTPS' } } });
    expect(probeHandlerFromSpec(sidecarOf(container)).handler).toBe('httpGet: { path: /healthz, port: 8443, scheme: HTTPS }');
  });

  it("uses the injector's template probe only when the spec has none", () => {
    const template = { handler: 'httpGet', path: '/healthz/ready', port: 15021, source: 'https://example.test' } as const;
    expect(probeHandlerFromSpec(sidecarOf(aContainer('istio-proxy', { readinessProbe: aProbe({ path: '/other', port: 1 }) })), template).handler).toBe(
      'httpGet: { path: /other, port: 1 }',
    );
    const derived = probeHandlerFromSpec(sidecarOf(aContainer('istio-proxy')), template, 'Istio');
    expect(derived).toMatchObject({ handler: 'httpGet: { path: /healthz/ready, port: 15021 }', isPlaceholder: false });
    expect(derived.values.map((value) => value.origin)).toEqual(['injector', 'injector']);
  });

  it('marks a placeholder when the spec has nothing to go on', () => {
    const derived = probeHandlerFromSpec(sidecarOf(aContainer('helper-sidecar', { readinessProbe: aProbe({ handler: 'exec' }) })));
    expect(derived.isPlaceholder).toBe(true);
    expect(derived.basis).toContain('only exec probes');
    expect(derived.values).toEqual([expect.objectContaining({ origin: 'placeholder' })]);
  });
});

describe('fixes of sidecars the user owns', () => {
  const raceStatuses = [
    aStatus('slow-sidecar', running(at(1), { ready: false })),
    aStatus('app', running(at(4)), { restartCount: 1, lastState: terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) }) }),
  ];

  it('builds the startupProbe of a legacy sidecar from its own readinessProbe', () => {
    const pod = aDigest({
      containers: [
        aContainer('app'),
        aContainer('slow-sidecar', { image: 'zwindler/slow-sidecar:1.2', readinessProbe: aProbe({ path: '/healthz', port: 9000 }) }),
      ],
      statuses: raceStatuses,
    });
    const race = detectFindings({ pod, now: ms(60) }).find((finding) => finding.id === 'startup-race');
    expect(race?.fix).toContain('image: zwindler/slow-sidecar:1.2   # from the pod');
    expect(race?.fix).toContain("httpGet: { path: /healthz, port: 9000 }   # from slow-sidecar's readinessProbe");
    expect(race?.fix).not.toMatch(/8081|PLACEHOLDER/);
    expect(race?.fixValues).toEqual(
      expect.arrayContaining([{ name: 'startupProbe.httpGet.port', value: '9000', origin: 'pod', basis: "slow-sidecar's readinessProbe" }]),
    );
  });

  it('marks the probe of a sidecar with no probe and no port as a placeholder', () => {
    const pod = aDigest({ containers: [aContainer('app'), aContainer('slow-sidecar')], statuses: raceStatuses });
    const race = detectFindings({ pod, now: ms(60) }).find((finding) => finding.id === 'startup-race');
    expect(race?.fix).toContain('tcpSocket: { port: PORT }   # PLACEHOLDER: slow-sidecar declares no probe and no port');
    expect(race?.fixValues).toEqual(expect.arrayContaining([expect.objectContaining({ origin: 'placeholder' })]));
  });

  it('adds the startupProbe a native sidecar lacks from its declared port', () => {
    const pod = aDigest({
      initContainers: [aNativeSidecar('db-proxy', { ports: [5432] })],
      containers: [aContainer('app')],
      statuses: [aStatus('db-proxy', running(at(1))), aStatus('app', running(at(2)))],
    });
    const finding = detectFindings({ pod, now: ms(60) }).find((candidate) => candidate.id === 'sidecar-no-startup-probe');
    expect(finding?.fix).toContain(
      "initContainers:\n- name: db-proxy\n  startupProbe:\n    tcpSocket: { port: 5432 }   # from db-proxy's first declared containerPort",
    );
  });

  it('gives a log shipper killed at 256Mi buffer advice and a limit above 256Mi', () => {
    const pod = aDigest({
      containers: [
        aContainer('checkout'),
        aContainer('fluent-bit', { image: 'fluent/fluent-bit:2.2.0', requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } }),
      ],
      statuses: [
        aStatus('checkout', running(at(1))),
        aStatus('fluent-bit', running(at(200)), {
          restartCount: 1,
          lastState: terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: at(1), finishedAt: at(199) }),
        }),
      ],
    });
    const metrics = [{ at: ms(190), containers: { 'fluent-bit': { cpuMilli: 60, memoryBytes: 250 * MI } } }];
    const finding = detectFindings({ pod, now: ms(240), metrics }).find((candidate) => candidate.id === 'sidecar-oomkilled');
    expect(finding?.fix).toContain('Mem_Buf_Limit');
    expect(finding?.fix).toContain('memory: 384Mi   # 1.5× the 256Mi limit it was OOM-killed at');
    expect(finding?.fix).toContain('cpu: 60m   # observed peak 60m');
    expect(finding?.fix).not.toContain('128Mi');
  });

  it('gives a user-owned Envoy killed at its limit proxy advice, never log-shipper advice', () => {
    const pod = aDigest({
      containers: [
        aContainer('orders'),
        aContainer('envoy', { image: 'envoyproxy/envoy:v1.30.1', requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } }),
      ],
      statuses: [
        aStatus('orders', running(at(1))),
        aStatus('envoy', running(at(200)), {
          restartCount: 1,
          lastState: terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: at(1), finishedAt: at(199) }),
        }),
      ],
    });
    const finding = detectFindings({ pod, now: ms(240) }).find((candidate) => candidate.id === 'sidecar-oomkilled');
    expect(finding?.fix).toContain("A mesh proxy's memory grows with the configuration it holds");
    expect(finding?.fix).not.toMatch(/Mem_Buf_Limit|fluent|buffer/i);
    expect(finding?.fix).toContain('memory: 384Mi   # 1.5× the 256Mi limit it was OOM-killed at');
  });

  it('suggests no resource numbers for a sidecar never measured, only the commands', () => {
    const pod = aDigest({
      containers: [aContainer('app'), aContainer('log-shipper')],
      statuses: [aStatus('app', running(at(1))), aStatus('log-shipper', running(at(1)))],
    });
    const finding = detectFindings({ pod, now: ms(60) }).find((candidate) => candidate.id === 'sidecar-no-resources');
    expect(finding?.fix).not.toMatch(/requests:|limits:|\d+Mi/);
    expect(finding?.fix).toContain('kubectl top pod web-0 -n default --containers');
    expect(finding?.fix).toContain('quantile_over_time(0.95, rate(container_cpu_usage_seconds_total');
  });

  it('spells out the readinessProbe a not-ready sidecar fails', () => {
    const pod = aDigest({
      containers: [aContainer('app'), aContainer('auth-proxy', { readinessProbe: aProbe({ path: '/ping', port: 4180, periodSeconds: 5 }) })],
      statuses: [aStatus('app', running(at(1))), aStatus('auth-proxy', running(at(1), { ready: false }))],
      conditions: [aCondition('Ready', 'False', at(2), 'ContainersNotReady')],
    });
    const finding = detectFindings({ pod, now: ms(60) }).find((candidate) => candidate.id === 'sidecar-not-ready');
    expect(finding?.fix).toContain("auth-proxy's readinessProbe (httpGet /ping 4180, every 5 s, 3 failures)");
  });

  it('pins an unpinned image to the digest the pod runs', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const pod = aDigest({
      containers: [aContainer('app'), aContainer('fluent-bit', { image: 'fluent/fluent-bit:latest' })],
      statuses: [aStatus('app', running(at(1))), { ...aStatus('fluent-bit', running(at(1))), imageID: `docker.io/fluent/fluent-bit@${digest}` }],
    });
    const finding = detectFindings({ pod, now: ms(60) }).find((candidate) => candidate.id === 'unpinned-sidecar-image');
    expect(finding?.fix).toContain(`image: fluent/fluent-bit@${digest}   # the digest this pod runs`);
    expect(finding?.fixValues).toEqual([expect.objectContaining({ origin: 'pod' })]);
  });
});

describe('planResources', () => {
  it('never suggests a limit at or below the limit a container was OOM-killed at', () => {
    const mi = fc.integer({ min: 1, max: 64 * 1024 });
    fc.assert(
      fc.property(mi, fc.option(mi, { nil: undefined }), fc.nat({ max: 20 }), (killedMi, peakMi, samples) => {
        const usage = peakMi === undefined || samples === 0 ? { samples: 0 } : { samples, peakMemoryBytes: peakMi * MI, peakCpuMilli: 10 };
        const plan = planResources({
          container: 'proxy',
          usage,
          killedAtLimitBytes: killedMi * MI,
          currentLimitBytes: killedMi * MI,
          want: { limit: true, requests: true },
        });
        expect(parseMemoryBytes(plan.memoryLimit)).toBeGreaterThan(killedMi * MI);
      }),
    );
  });

  it('rounds limits up to 16Mi and requests up to the step asked for', () => {
    expect(toMemoryQuantity(1000 * MI, 16)).toBe('1008Mi');
    expect(toMemoryQuantity(1024 * MI, 16)).toBe('1Gi');
    expect(toMemoryQuantity(40.2 * MI)).toBe('41Mi');
  });
});
