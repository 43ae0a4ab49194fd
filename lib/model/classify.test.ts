import { describe, expect, it } from 'vitest';
import { classifyContainers, hasNativeSidecars, isNativeSidecar, sidecarEvidence, type ClassifyInput, type Classification } from './classify';
import { hasHelperNameSuffix, imageRepository, injectedSidecars, isKnownSidecarImage } from './sidecar-signals';

const c = (name: string, image = `example.com/${name}:1.0`, restartPolicy?: string) => ({ name, image, restartPolicy });

function regular(containers: ClassifyInput['containers'], annotations: Record<string, string> = {}): Classification[] {
  return classifyContainers({ initContainers: [], containers, annotations }).containers;
}

describe('classifyContainers: init containers', () => {
  it('calls an init container with restartPolicy Always a native sidecar and any other a plain init container', () => {
    const result = classifyContainers({
      initContainers: [c('migrate'), c('proxy', 'img', 'Always'), c('odd', 'img', 'OnFailure')],
      containers: [c('app')],
      annotations: {},
    });
    expect(result.initContainers).toEqual([{ kind: 'init' }, { kind: 'native-sidecar', signal: 'native' }, { kind: 'init' }]);
  });

  it('does not call a regular container with restartPolicy Always (1.34 per-container rules) a sidecar', () => {
    expect(regular([c('app', 'img', 'Always'), c('worker', 'img', 'Always')])).toEqual([{ kind: 'main' }, { kind: 'main' }]);
  });

  it('keeps an injected plain init container such as istio-init as init, not as a sidecar', () => {
    const status = JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'] });
    const result = classifyContainers({
      initContainers: [c('istio-init')],
      containers: [c('app'), c('istio-proxy')],
      annotations: { 'sidecar.istio.io/status': status },
    });
    expect(result.initContainers).toEqual([{ kind: 'init' }]);
    expect(result.containers).toEqual([{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'annotation' }]);
  });
});

describe('classifyContainers: legacy sidecar signals', () => {
  it.each<[string, ClassifyInput['containers'], Record<string, string>, Classification[]]>([
    ['a well-known name', [c('app'), c('fluent-bit')], {}, [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'name' }]],
    ['a well-known image', [c('app'), c('mesh', 'docker.io/envoyproxy/envoy:v1.31.0')], {}, [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'image' }]],
    [
      'an image from another registry with a digest',
      [c('app'), c('db', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy@sha256:abc')],
      {},
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'image' }],
    ],
    [
      'linkerd.io/proxy-version',
      [c('app'), c('linkerd-proxy', 'x/unknown')],
      { 'linkerd.io/proxy-version': 'stable-2.14.10' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'annotation' }],
    ],
    [
      'vault agent-inject-status',
      [c('app'), c('vault-agent', 'hashicorp/vault:1.15')],
      { 'vault.hashicorp.com/agent-inject-status': 'injected' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'annotation' }],
    ],
    ['dapr.io/enabled "true"', [c('app'), c('daprd')], { 'dapr.io/enabled': 'true' }, [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'annotation' }]],
    [
      'dapr.io/enabled "false" (falls back to the name)',
      [c('app'), c('daprd')],
      { 'dapr.io/enabled': 'false' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'name' }],
    ],
    [
      'the override annotation',
      [c('app'), c('helper'), c('other')],
      { 'sidecarscope.io/sidecars': 'helper' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'override' }, { kind: 'main' }],
    ],
    [
      'an override listing names with spaces',
      [c('app'), c('a'), c('b')],
      { 'sidecarscope.io/sidecars': ' a , b ' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'override' }, { kind: 'legacy-sidecar', signal: 'override' }],
    ],
    ['an empty override, which silences name heuristics', [c('app'), c('envoy')], { 'sidecarscope.io/sidecars': '' }, [{ kind: 'main' }, { kind: 'main' }]],
    [
      'sidecarscope.io/main beating the override and the name',
      [c('envoy'), c('fluentd'), c('app')],
      { 'sidecarscope.io/main': 'envoy', 'sidecarscope.io/sidecars': 'envoy,fluentd' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'override' }, { kind: 'main' }],
    ],
    [
      'default-container naming a container with a proxy name',
      [c('envoy'), c('shutdown-manager')],
      { 'kubectl.kubernetes.io/default-container': 'envoy' },
      [{ kind: 'main' }, { kind: 'main' }],
    ],
    [
      'default-container alone, which says nothing about the others',
      [c('web'), c('worker')],
      { 'kubectl.kubernetes.io/default-container': 'web' },
      [{ kind: 'main' }, { kind: 'main' }],
    ],
    [
      'default-container with a named sidecar beside it',
      [c('web'), c('istio-proxy')],
      { 'kubectl.kubernetes.io/default-container': 'web' },
      [{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'name' }],
    ],
  ])('recognises %s', (_label, containers, annotations, expected) => {
    expect(regular(containers, annotations)).toEqual(expected);
  });

  it('prefers the annotation signal over the name when both apply', () => {
    const annotations = { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' };
    expect(regular([c('app'), c('istio-proxy', 'docker.io/istio/proxyv2:1.22.0')], annotations)[1]).toEqual({ kind: 'legacy-sidecar', signal: 'annotation' });
  });

  it('keeps the first regular container as main when every one looks like a sidecar', () => {
    expect(regular([c('envoy'), c('fluent-bit')])).toEqual([{ kind: 'main' }, { kind: 'legacy-sidecar', signal: 'name' }]);
    expect(regular([c('a'), c('b')], { 'sidecarscope.io/sidecars': 'a,b' })[0]).toEqual({ kind: 'main' });
  });

  it('ignores malformed istio status JSON instead of throwing', () => {
    expect(regular([c('app'), c('sidecar-x')], { 'sidecar.istio.io/status': '{not json' })).toEqual([{ kind: 'main' }, { kind: 'main' }]);
    expect(regular([c('app'), c('x')], { 'sidecar.istio.io/status': '{"containers":"x"}' })).toEqual([{ kind: 'main' }, { kind: 'main' }]);
  });
});

describe('sidecar signal helpers', () => {
  it.each([
    ['envoy', 'envoy'],
    ['envoyproxy/envoy:v1.31', 'envoyproxy/envoy'],
    ['localhost:5000/team/envoy:v1', 'localhost:5000/team/envoy'],
    ['localhost:5000/team/envoy', 'localhost:5000/team/envoy'],
    ['quay.io/oauth2-proxy/oauth2-proxy:v7@sha256:00', 'quay.io/oauth2-proxy/oauth2-proxy'],
  ])('takes the repository of %s as %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });

  it('matches images on a whole path segment, not a substring', () => {
    expect(isKnownSidecarImage('docker.io/istio/proxyv2:1.22')).toBe(true);
    expect(isKnownSidecarImage('docker.io/myistio/proxyv2:1.22')).toBe(false);
  });

  it('lists the containers named by every injection annotation', () => {
    const injected = injectedSidecars({
      'sidecar.istio.io/status': '{"containers":["istio-proxy"],"initContainers":["istio-init"]}',
      'linkerd.io/proxy-version': 'edge',
    });
    expect([...injected].sort()).toEqual(['istio-proxy', 'linkerd-proxy']);
  });

  it('treats only restartPolicy Always as native', () => {
    expect([isNativeSidecar({ restartPolicy: 'Always' }), isNativeSidecar({ restartPolicy: 'Never' }), isNativeSidecar({})]).toEqual([true, false, false]);
  });
});

describe('sidecarEvidence', () => {
  it.each([
    ['a plain init container named istio-proxy (restartPolicy dropped by a webhook)', c('istio-proxy'), {}, 'name'],
    ['an injected vault agent', c('vault-agent', 'hashicorp/vault:1.15'), { 'vault.hashicorp.com/agent-inject-status': 'injected' }, 'annotation'],
    ['a proxy image under another name', c('db-proxy', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0'), {}, 'image'],
    ['an ordinary container', c('migrate'), {}, undefined],
  ])('finds %s', (_label, container, annotations, signal) => {
    expect(sidecarEvidence(container, annotations)).toBe(signal);
  });
});

describe('classifyContainers: helper-word names', () => {
  // Every regular container name the seeds (/work/shared/seeds) use, with the image they give it.
  it.each<[string, string, string, 'main' | 'legacy-sidecar']>([
    ['001', 'app', 'myapp:1.0', 'main'],
    ['001', 'envoy', 'envoyproxy/envoy:v1.28', 'legacy-sidecar'],
    ['001', 'log-collector', 'fluent/fluentd:v1.16', 'legacy-sidecar'],
    ['001', 'sidecar', 'sidecar:1.0', 'legacy-sidecar'],
    ['002', 'slow-sidecar', 'zwindler/slow-sidecar', 'legacy-sidecar'],
    ['002', 'sidecar-user', 'zwindler/sidecar-user', 'main'],
    ['003', 'nginx', 'nginx:latest', 'main'],
    ['003', 'log-processor', 'busybox', 'legacy-sidecar'],
    ['003', 'log-forwarder', 'busybox', 'legacy-sidecar'],
    ['003', 'sidecar-monitor', 'busybox', 'legacy-sidecar'],
    ['004', 'spring-boot-server', 'spring-boot-server', 'main'],
    ['004', 'sidecar-container', 'busybox', 'legacy-sidecar'],
  ])('seed %s: calls %s (%s) %s beside a plain app', (_seed, name, image, kind) => {
    expect(regular([c('the-app', 'example.com/app:1'), c(name, image)])[1]?.kind).toBe(kind);
  });

  it.each([
    ['metrics-exporter', true],
    ['otel-shipper', true],
    ['Config-Reloader', true],
    ['proxy-ctr', true],
    ['sidecar-user', false],
    ['proxy-config', false],
    ['agent-smith', false],
    ['container', false],
    ['', false],
    ['-', false],
  ])('says %s ends in a helper word: %s', (name, expected) => {
    expect(hasHelperNameSuffix(name)).toBe(expected);
  });

  it('gives a helper-word name the name signal, after annotations and images', () => {
    expect(sidecarEvidence(c('slow-sidecar'), {})).toBe('name');
    expect(sidecarEvidence(c('mesh-proxy', 'docker.io/envoyproxy/envoy:v1'), {})).toBe('image');
  });

  it('keeps the helper-word container as main when it stands beside stronger sidecars only', () => {
    const containers = [c('cloud-sql-proxy'), c('exporter', 'ghcr.io/example/report-exporter:1.4.0')];
    expect(regular(containers)).toEqual([{ kind: 'legacy-sidecar', signal: 'name' }, { kind: 'main' }]);
  });

  it('lets the override annotation silence the helper-word heuristic', () => {
    expect(regular([c('app'), c('slow-sidecar')], { 'sidecarscope.io/sidecars': '' })).toEqual([{ kind: 'main' }, { kind: 'main' }]);
  });
});

describe('hasNativeSidecars', () => {
  it.each([
    ['1.28 (behind a feature gate)', { major: 1, minor: 28 }, false],
    ['1.29 (on by default)', { major: 1, minor: 29 }, true],
    ['a later major version', { major: 2, minor: 0 }, true],
    ['an unknown version, as every supported release has them', undefined, true],
  ] as const)('for %s', (_, version, expected) => {
    expect(hasNativeSidecars(version)).toBe(expected);
  });
});
