/**
 * One test per row of docs/fixes.md: a realistic pod of each injector (written from the
 * injector's own template) in the situation a finding is about, and the fix it gets: the
 * injector's own setting, judged against the version the pod shows.
 */
import { describe, expect, it } from 'vitest';
import type { InjectorId } from '../injectors';
import { aContainer, aPod, aStatus, at, digestOf, ms, running, terminated } from '../testing/builders';
import istioCapture from '../testing/captures/istio-injected-pod.json';
import { INJECTED_TEMPLATES, aMeshedPod, type Situation } from '../testing/injected-pods';
import type { Finding, FindingId, MetricsSample } from '../types';
import { detectFindings } from './index';

const MI = 1024 * 1024;

interface Row {
  injector: InjectorId;
  finding: FindingId;
  situation: Situation;
  version?: string;
  memoryLimit?: string;
  /** The first snippet (what "Copy fix" copies) contains this. */
  first: string;
  /** The whole fix contains these too. */
  also?: string[];
}

const ROWS: Row[] = [
  {
    injector: 'istio',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: '1.22.1',
    first: 'ENABLE_NATIVE_SIDECARS: "true"',
    also: ['sidecar.istio.io/nativeSidecar: "true"', "from Istio 1.24; this pod's Istio is 1.22.1: upgrade first"],
  },
  { injector: 'istio', finding: 'legacy-sidecar', situation: 'steady', version: '1.24.3', first: 'sidecar.istio.io/nativeSidecar: "true"' },
  {
    injector: 'istio',
    finding: 'startup-race',
    situation: 'race',
    first: 'proxy.istio.io/config: \'{ "holdApplicationUntilProxyStarts": true }\'',
    also: ['httpGet: { path: /healthz/ready, port: 15021 }', 'meshConfig:\n  defaultConfig:\n    holdApplicationUntilProxyStarts: true'],
  },
  { injector: 'istio', finding: 'job-blocked-by-sidecar', situation: 'job', version: '1.24.0', first: 'sidecar.istio.io/nativeSidecar: "true"' },
  {
    injector: 'istio',
    finding: 'sidecar-oomkilled',
    situation: 'oom',
    first: 'sidecar.istio.io/proxyMemoryLimit: "1536Mi"',
    also: ['global:\n  proxy:\n    resources:', 'Sidecar` resource'],
  },
  {
    injector: 'istio',
    finding: 'sidecar-stopped-before-app',
    situation: 'shutdown',
    version: '1.24.0',
    first: 'sidecar.istio.io/nativeSidecar: "true"',
    also: ['EXIT_ON_ZERO_ACTIVE_CONNECTIONS', 'from Istio 1.12'],
  },
  {
    injector: 'linkerd',
    finding: 'sidecar-stopped-before-app',
    situation: 'shutdown',
    version: 'stable-2.14.10',
    first: 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds: "15"',
    also: ['config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"'],
  },
  {
    injector: 'linkerd',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: 'stable-2.14.10',
    first: 'config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"',
    also: ['upgrade first'],
  },
  {
    injector: 'linkerd',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: 'edge-24.2.1',
    first: 'config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"',
    also: ['edge-24.2.1: available'],
  },
  {
    injector: 'linkerd',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: 'edge-25.11.1',
    first: 'config.beta.linkerd.io/proxy-enable-native-sidecar: "true"',
  },
  {
    injector: 'linkerd',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: 'edge-26.6.1',
    first: 'config.linkerd.io/proxy-enable-native-sidecar: "true"',
  },
  {
    injector: 'linkerd',
    finding: 'startup-race',
    situation: 'race',
    first: 'config.linkerd.io/proxy-await: "enabled"',
    also: ['httpGet: { path: /ready, port: 4191 }'],
  },
  {
    injector: 'linkerd',
    finding: 'job-blocked-by-sidecar',
    situation: 'job',
    version: 'enterprise-2.16.1',
    first: 'config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"',
  },
  {
    injector: 'linkerd',
    finding: 'sidecar-oomkilled',
    situation: 'oom',
    first: 'config.linkerd.io/proxy-memory-limit: "384Mi"',
    also: ['proxy:\n  resources:\n    memory:\n      limit: "384Mi"'],
  },
  {
    injector: 'consul',
    finding: 'legacy-sidecar',
    situation: 'steady',
    first: 'consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "true"',
    also: ['dataplaneAsSidecarInitContainer:\n    defaultEnabled: true'],
  },
  {
    injector: 'consul',
    finding: 'startup-race',
    situation: 'race',
    first: 'consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "true"',
    also: ['tcpSocket: { port: 20000 }'],
  },
  { injector: 'consul', finding: 'sidecar-oomkilled', situation: 'oom', first: 'consul.hashicorp.com/sidecar-proxy-memory-limit: "160Mi"' },
  {
    injector: 'kuma',
    finding: 'legacy-sidecar',
    situation: 'steady',
    first: 'experimental:\n  sidecarContainers: true',
    also: ["from Kuma 2.7; this pod's Kuma is 2.6.0: upgrade first"],
  },
  {
    injector: 'kuma',
    finding: 'startup-race',
    situation: 'race',
    first: 'kuma.io/wait-for-dataplane-ready: "true"',
    also: ['httpGet: { path: /ready, port: 9901 }'],
  },
  { injector: 'kuma', finding: 'sidecar-oomkilled', situation: 'oom', first: 'KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_LIMITS_MEMORY: "768Mi"' },
  {
    injector: 'dapr',
    finding: 'legacy-sidecar',
    situation: 'steady',
    first: 'dapr.io/enable-native-sidecar: "true"',
    also: ["this pod's Dapr is 1.13.0: upgrade first"],
  },
  {
    injector: 'dapr',
    finding: 'legacy-sidecar',
    situation: 'steady',
    version: '1.18.1',
    first: 'dapr.io/enable-native-sidecar: "true"',
    also: ['1.18.1: available'],
  },
  { injector: 'dapr', finding: 'sidecar-oomkilled', situation: 'oom', memoryLimit: '256Mi', first: 'dapr.io/sidecar-memory-limit: "384Mi"' },
  { injector: 'vault-agent', finding: 'job-blocked-by-sidecar', situation: 'job', first: 'vault.hashicorp.com/agent-pre-populate-only: "true"' },
  { injector: 'vault-agent', finding: 'startup-race', situation: 'race', first: 'vault.hashicorp.com/agent-pre-populate: "true"' },
  { injector: 'vault-agent', finding: 'sidecar-oomkilled', situation: 'oom', first: 'vault.hashicorp.com/agent-limits-mem: "192Mi"' },
  { injector: 'cloud-sql-proxy-operator', finding: 'legacy-sidecar', situation: 'steady', first: 'kubectl rollout restart deployment/web -n shop' },
  { injector: 'cloud-sql-proxy-operator', finding: 'job-blocked-by-sidecar', situation: 'job', first: 'kubectl rollout restart' },
  {
    injector: 'cloud-sql-proxy-operator',
    finding: 'sidecar-oomkilled',
    situation: 'oom',
    memoryLimit: '128Mi',
    first: 'spec:\n  authProxyContainer:\n    resources:',
    also: ['memory: "192Mi"'],
  },
  { injector: 'aws-app-mesh', finding: 'startup-race', situation: 'race', first: 'sidecar:\n  waitUntilProxyReady: true' },
  { injector: 'aws-app-mesh', finding: 'sidecar-oomkilled', situation: 'oom', memoryLimit: '256Mi', first: 'appmesh.k8s.aws/memoryLimit: "384Mi"' },
];

function findingsOf(row: Pick<Row, 'injector' | 'situation' | 'version' | 'memoryLimit'>, metrics?: MetricsSample[]): Finding[] {
  const template = INJECTED_TEMPLATES[row.injector](row.version === undefined ? {} : { version: row.version });
  const pod = digestOf(aMeshedPod(template, row.situation, row.memoryLimit === undefined ? {} : { memoryLimit: row.memoryLimit }));
  return detectFindings({ pod, now: ms(300), ...(metrics ? { metrics } : {}) });
}

function firstSnippet(fix: string): string | undefined {
  return /```[\w-]*\n([\s\S]*?)```/.exec(fix)?.[1];
}

describe.each(ROWS.map((row) => [`${row.injector} ${row.finding}${row.version ? ` (${row.version})` : ''}`, row] as const))('%s', (_name, row) => {
  const findings = findingsOf(row);
  const finding = findings.find((candidate) => candidate.id === row.finding && candidate.container !== 'app');

  it('is raised on the injected sidecar, with the injector and its signal in the evidence', () => {
    expect(finding).toBeDefined();
    const injectedBy = finding?.evidence.find((evidence) => evidence.label === 'injected by');
    expect(injectedBy?.value).toMatch(/\((annotation|image|container name) /);
  });

  it("leads with the injector's own setting, not an edit of the injected container", () => {
    expect(firstSnippet(finding?.fix ?? '')).toContain(row.first);
    for (const text of row.also ?? []) expect(finding?.fix).toContain(text);
    expect(finding?.fix).not.toContain('initContainers:');
    expect(finding?.fix).toContain('editing the container does not last');
  });
});

describe('OOM fixes on injected sidecars', () => {
  it.each(ROWS.filter((row) => row.finding === 'sidecar-oomkilled').map((row) => [row.injector, row] as const))(
    'never give %s log-shipper advice or a limit at or below the one it died at',
    (_id, row) => {
      const finding = findingsOf(row).find((candidate) => candidate.id === 'sidecar-oomkilled');
      expect(finding?.fix).not.toMatch(/Mem_Buf_Limit|fluent-bit/);
      const limit = finding?.fixValues?.find((value) => value.name === 'limits.memory');
      expect(limit?.origin).toBe('suggested');
      expect(limit?.basis).toMatch(/1\.5× the .* limit it was OOM-killed at/);
    },
  );

  it('takes the observed peak when it is above 1.5× the killed-at limit', () => {
    const row = { injector: 'istio', situation: 'oom' } as const;
    const metrics = [{ at: ms(200), containers: { 'istio-proxy': { cpuMilli: 40, memoryBytes: 1400 * MI } } }];
    const finding = findingsOf(row, metrics).find((candidate) => candidate.id === 'sidecar-oomkilled');
    // 1400Mi + 25% = 1750Mi, rounded up to 16Mi: 1760Mi (above 1.5 × 1Gi = 1536Mi).
    expect(firstSnippet(finding?.fix ?? '')).toContain('sidecar.istio.io/proxyMemoryLimit: "1760Mi"');
    expect(finding?.fixValues?.find((value) => value.name === 'requests.cpu')).toMatchObject({ value: '40m', origin: 'observed' });
  });
});

describe('usage findings on an injected sidecar', () => {
  it("raises the limit of an istio-proxy near its 1Gi limit through Istio's annotation, above the current limit", () => {
    const metrics = [{ at: ms(250), containers: { 'istio-proxy': { cpuMilli: 250, memoryBytes: 980 * MI } } }];
    const finding = findingsOf({ injector: 'istio', situation: 'steady' }, metrics).find((candidate) => candidate.id === 'sidecar-near-memory-limit');
    // max(980Mi + 25%, 1Gi + 25%) = 1280Mi.
    expect(firstSnippet(finding?.fix ?? '')).toContain('sidecar.istio.io/proxyMemoryLimit: "1280Mi"');
    expect(finding?.fix).not.toMatch(/Mem_Buf_Limit|initContainers:/);
  });

  it('raises the requests of a linkerd-proxy using more than it requests to what it used', () => {
    const metrics = [{ at: ms(250), containers: { 'linkerd-proxy': { cpuMilli: 180, memoryBytes: 61 * MI } } }];
    const finding = findingsOf({ injector: 'linkerd', situation: 'steady' }, metrics).find((candidate) => candidate.id === 'sidecar-over-request');
    const snippet = firstSnippet(finding?.fix ?? '');
    expect(snippet).toContain('config.linkerd.io/proxy-cpu-request: "180m"');
    expect(snippet).toContain('config.linkerd.io/proxy-memory-request: "64Mi"');
    expect(snippet).not.toContain('proxy-memory-limit');
  });
});

describe('sidecar-no-resources on an injected sidecar', () => {
  it('gives no number without samples, only how to measure', () => {
    const finding = findingsOf({ injector: 'dapr', situation: 'no-resources' }).find((candidate) => candidate.id === 'sidecar-no-resources');
    expect(finding?.fix).not.toContain('dapr.io/sidecar-memory');
    expect(finding?.fix).toContain('container_memory_working_set_bytes{namespace="shop", pod="web-7d4b9c8f6d-abcde", container="daprd"}');
    expect(finding?.fixValues).toBeUndefined();
  });

  it("writes the injector's annotations with the observed figures once there are samples", () => {
    const metrics = [30, 60, 90].map((second, i) => ({ at: ms(second), containers: { daprd: { cpuMilli: 12 + i, memoryBytes: (40 + i * 5) * MI } } }));
    const finding = findingsOf({ injector: 'dapr', situation: 'no-resources' }, metrics).find((candidate) => candidate.id === 'sidecar-no-resources');
    const snippet = firstSnippet(finding?.fix ?? '');
    expect(snippet).toContain('dapr.io/sidecar-cpu-request: "15m"');
    expect(snippet).toContain('dapr.io/sidecar-memory-request: "56Mi"');
    expect(snippet).toContain('dapr.io/sidecar-memory-limit: "64Mi"');
  });
});

describe("linkerd's three names for its native-sidecar annotation", () => {
  it.each([
    ['stable-2.14.10', 'config.alpha.', ['config.beta.', 'config.linkerd.io/proxy-enable-native-sidecar']],
    ['edge-25.11.1', 'config.beta.', ['config.alpha.', 'config.linkerd.io/proxy-enable-native-sidecar']],
    ['edge-26.6.1', 'config.linkerd.io/proxy-enable-native-sidecar', ['config.alpha.', 'config.beta.']],
  ])('on %s offers only %s', (version, offered, notOffered) => {
    const fix = findingsOf({ injector: 'linkerd', situation: 'steady', version }).find((candidate) => candidate.id === 'legacy-sidecar')?.fix ?? '';
    expect(fix).toContain(offered);
    for (const name of notOffered) expect(fix).not.toContain(name);
    expect(fix).toContain('proxy:\n  nativeSidecar: true');
  });
});

describe('aws-app-mesh legacy sidecar', () => {
  it('says the controller has no native-sidecar mode instead of inventing one', () => {
    const finding = findingsOf({ injector: 'aws-app-mesh', situation: 'steady' }).find((candidate) => candidate.id === 'legacy-sidecar');
    expect(finding?.fix).toContain('no native-sidecar mode');
    expect(finding?.fix).not.toContain('```');
    expect(finding?.fix).not.toContain('Switch its injector to native sidecars');
  });
});

describe('an injected native sidecar whose restartPolicy another webhook dropped', () => {
  it.each([
    ['istio', '1.24.1', 'sidecar.istio.io/nativeSidecar: "false"'],
    ['linkerd', 'edge-24.2.1', 'config.alpha.linkerd.io/proxy-enable-native-sidecar: "false"'],
    ['consul', '1.5.0', 'consul.hashicorp.com/enable-consul-dataplane-as-sidecar: "false"'],
    ['dapr', '1.18.0', 'dapr.io/enable-native-sidecar: "false"'],
  ] as const)("%s: switches the workload back to a regular sidecar with the injector's own annotation", (id, version, expected) => {
    const template = INJECTED_TEMPLATES[id]({ version });
    const pod = digestOf(
      aPod({
        annotations: {
          ...template.annotations,
          'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init', 'istio-proxy'], containers: null }),
        },
        initContainers: [...template.initContainers, template.sidecar],
        containers: [aContainer('app')],
        phase: 'Pending',
        statuses: [
          ...template.initContainers.map((c) =>
            aStatus(c.name, terminated({ exitCode: 0, reason: 'Completed', startedAt: at(0), finishedAt: at(1) }), { ready: true }),
          ),
          aStatus(template.sidecar.name, running(at(1), { started: false, ready: false })),
        ],
      }),
    );
    const finding = detectFindings({ pod, now: ms(600) }).find((candidate) => candidate.id === 'sidecar-dropped-restart-policy');
    expect(firstSnippet(finding?.fix ?? '')).toContain(expected);
    expect(finding?.evidence.find((evidence) => evidence.label === 'injected by')).toBeDefined();
  });
});

describe('a captured istio-injected pod (bookinfo reviews-v2, istio 1.22.1)', () => {
  const findings = detectFindings({ pod: digestOf(istioCapture), now: Date.parse('2024-05-02T10:00:00Z') });
  const legacy = findings.find((finding) => finding.id === 'legacy-sidecar' && finding.container === 'istio-proxy');

  it('names Istio, the annotation and the image that gave it away, and the version', () => {
    expect(legacy?.evidence).toEqual(
      expect.arrayContaining([
        { label: 'injected by', value: 'Istio (annotation sidecar.istio.io/status lists istio-proxy; image docker.io/istio/proxyv2:1.22.1)' },
        { label: 'Istio version', value: '1.22.1' },
      ]),
    );
  });

  it('leads with the mesh-wide switch 1.22 has, and says the per-pod annotation needs 1.24', () => {
    expect(firstSnippet(legacy?.fix ?? '')).toBe('pilot:\n  env:\n    ENABLE_NATIVE_SIDECARS: "true"\n');
    expect(legacy?.fix).toContain("from Istio 1.24; this pod's Istio is 1.22.1: upgrade first");
  });
});
