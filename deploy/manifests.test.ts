import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindingSchema, deploymentSchema, ingressSchema, objectsOf, parseManifests, roleSchema, serviceSchema, type K8sObject } from './k8s-docs';
import { VARIANTS } from './variants';

const deployDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(deployDir, '..');

/** The only access Sidecarscope needs: read pods and their events, read pod metrics. */
const MINIMAL_RULES = [
  { apiGroups: [''], resources: ['events', 'pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] },
];

const ALLOWED_KINDS = new Set([
  'Namespace',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Secret',
  'Service',
  'Deployment',
  'Ingress',
  'NetworkPolicy',
]);

function normalisedRules(rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>) {
  return rules.map((r) => ({ apiGroups: [...r.apiGroups].sort(), resources: [...r.resources].sort(), verbs: [...r.verbs].sort() }));
}

function load(file: string): K8sObject[] {
  return parseManifests(readFileSync(join(deployDir, file), 'utf8'));
}

function basePathOf(objects: K8sObject[]): string {
  const ingress = objectsOf(objects, 'Ingress', ingressSchema)[0];
  return ingress?.spec.rules[0]?.http.paths[0]?.path.replace(/\/$/, '') ?? '';
}

describe.each(VARIANTS)('rendered manifests: $name ($file)', ({ file }) => {
  const objects = load(file);
  // Parsed lazily, so a manifest that lost a hardening field fails the tests, not the whole file.
  const deploymentOf = () => objectsOf(objects, 'Deployment', deploymentSchema)[0];
  const podOf = () => deploymentOf()?.spec.template.spec;
  const containerOf = () => podOf()?.containers[0];

  it('holds only the kinds the dashboard needs, and exactly one Deployment', () => {
    expect(objects.filter((o) => !ALLOWED_KINDS.has(o.kind)).map((o) => o.kind)).toEqual([]);
    expect(objectsOf(objects, 'Deployment', deploymentSchema)).toHaveLength(1);
  });

  it('grants exactly get/list/watch on pods and events and get/list on pod metrics, in every role', () => {
    const roles = [...objectsOf(objects, 'ClusterRole', roleSchema), ...objectsOf(objects, 'Role', roleSchema)];
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(normalisedRules(role.rules)).toEqual(MINIMAL_RULES);
  });

  it('binds every role to the service account the Deployment runs as, and to nothing else', () => {
    const deployment = deploymentOf();
    const pod = podOf();
    const bindings = [...objectsOf(objects, 'ClusterRoleBinding', bindingSchema), ...objectsOf(objects, 'RoleBinding', bindingSchema)];
    const roleNames = new Set(objects.filter((o) => o.kind.endsWith('Role')).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    expect(bindings.length).toBeGreaterThan(0);
    for (const binding of bindings) {
      const roleNamespace = binding.roleRef.kind === 'Role' ? (binding.metadata.namespace ?? '') : '';
      expect(roleNames.has(`${binding.roleRef.kind}/${roleNamespace}/${binding.roleRef.name}`)).toBe(true);
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: pod?.serviceAccountName, namespace: deployment?.metadata.namespace }]);
    }
  });

  it('runs as non-root with a read-only root filesystem, no capabilities and the RuntimeDefault seccomp profile', () => {
    const pod = podOf();
    const container = containerOf();
    expect(container?.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container?.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(container?.securityContext.privileged).not.toBe(true);
    expect(pod?.hostNetwork).not.toBe(true);
    expect(pod?.hostPID).not.toBe(true);
  });

  it('mounts writable space only where Next.js writes and where the history store lives', () => {
    const pod = podOf();
    const container = containerOf();
    const emptyDirs = new Set(pod?.volumes.filter((v) => v.emptyDir !== undefined).map((v) => v.name));
    const writable = container?.volumeMounts
      .filter((m) => emptyDirs.has(m.name))
      .map((m) => m.mountPath)
      .sort();
    expect(writable).toEqual(['/app/.next/cache', '/data', '/tmp']);
  });

  it('sets resource requests and a memory limit', () => {
    const container = containerOf();
    expect(container?.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
    expect(container?.resources.limits).toMatchObject({ memory: expect.anything() });
  });

  it('keeps the V8 heap ceiling and young generation (NODE_OPTIONS) at least 256 MiB under the memory limit', () => {
    const container = containerOf();
    const nodeOptions = container?.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
    const heap = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
    // V8's young generation is two semi-spaces outside the old-space ceiling (left alone, 64 MiB each under a 1 GiB+ heap: measured).
    const semi = Number(/--max-semi-space-size=(\d+)/.exec(nodeOptions)?.[1] ?? 64);
    const limit = /^(\d+)(Mi|Gi)$/.exec(String(container?.resources.limits.memory));
    expect(heap).toBeGreaterThan(0);
    expect(limit).not.toBeNull();
    const limitMiB = Number(limit?.[1]) * (limit?.[2] === 'Gi' ? 1024 : 1);
    // Outside the heap the server measured 130-190 MB (code, Next.js, SQLite, buffers: docs/benchmarks.md).
    expect(heap + 2 * semi + 256).toBeLessThanOrEqual(limitMiB);
  });

  it('probes /healthz and /readyz under the base path, and those routes exist', () => {
    const container = containerOf();
    const basePath = basePathOf(objects);
    const paths = [container?.livenessProbe.httpGet.path, container?.readinessProbe.httpGet.path];
    expect(paths).toEqual([`${basePath}/healthz`, `${basePath}/readyz`]);
    for (const path of paths) expect(existsSync(join(repoRoot, 'app', (path ?? '').slice(basePath.length), 'route.ts'))).toBe(true);
  });

  it('probes and serves on a port the container declares', () => {
    const deployment = deploymentOf();
    const container = containerOf();
    const portNames = container?.ports.map((p) => p.name) ?? [];
    expect(portNames).toContain(container?.livenessProbe.httpGet.port);
    const [service] = objectsOf(objects, 'Service', serviceSchema);
    expect(portNames).toContain(service?.spec.ports[0]?.targetPort);
    expect(deployment?.spec.template.metadata.labels).toMatchObject(service?.spec.selector ?? { missing: 'service' });
  });

  it('runs in-cluster and will not start without its token: a Secret mounted as a file, not optional', () => {
    const container = containerOf();
    const env = new Map(container?.env.map((e) => [e.name, e]));
    expect(env.get('SIDECARSCOPE_MODE')?.value).toBe('in-cluster');
    expect(env.get('HOSTNAME')?.value).toBe('0.0.0.0');
    expect(env.has('SIDECARSCOPE_TOKEN')).toBe(false);
    const tokenFile = env.get('SIDECARSCOPE_TOKEN_FILE')?.value ?? '';
    const mount = container?.volumeMounts.find((m) => tokenFile.startsWith(`${m.mountPath}/`));
    const volume = podOf()?.volumes.find((v) => v.name === mount?.name);
    expect(mount?.readOnly).toBe(true);
    expect(volume?.secret).toMatchObject({ secretName: 'sidecarscope-auth' });
    expect(volume?.secret?.optional).not.toBe(true);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('keeps /metrics behind the token: no open metrics port, nothing but http on the Service', () => {
    const env = new Map(containerOf()?.env.map((e) => [e.name, e]));
    expect(env.has('SIDECARSCOPE_METRICS_PORT')).toBe(false);
    expect(env.has('SIDECARSCOPE_METRICS_OPEN')).toBe(false);
    expect(objectsOf(objects, 'Service', serviceSchema)[0]?.spec.ports.map((p) => p.name)).toEqual(['http']);
  });
});

describe('the namespace allow-list variant', () => {
  const objects = load('examples/namespaced.yaml');

  it('grants nothing cluster-wide and a Role in each listed namespace', () => {
    expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace)).toEqual(['team-a', 'team-b']);
  });

  it('tells the server which namespaces to watch', () => {
    const [deployment] = objectsOf(objects, 'Deployment', deploymentSchema);
    const env = deployment?.spec.template.spec.containers[0]?.env.find((e) => e.name === 'SIDECARSCOPE_NAMESPACES');
    expect(env?.value).toBe('team-a,team-b');
  });
});

describe('the sub-path ingress variant', () => {
  const objects = load('examples/ingress-subpath.yaml');
  const [ingress] = objectsOf(objects, 'Ingress', ingressSchema);

  it('routes /sidecars to the service without rewriting the path', () => {
    const path = ingress?.spec.rules[0]?.http.paths[0];
    expect(path).toMatchObject({ path: '/sidecars', pathType: 'Prefix', backend: { service: { name: 'sidecarscope', port: { name: 'http' } } } });
    expect(Object.keys(ingress?.metadata.annotations ?? {})).not.toContainEqual(expect.stringContaining('rewrite-target'));
  });

  it("counts the browser's address behind the ingress, one trusted hop", () => {
    const [deployment] = objectsOf(objects, 'Deployment', deploymentSchema);
    expect(deployment?.spec.template.spec.containers[0]?.env.find((e) => e.name === 'SIDECARSCOPE_TRUSTED_HOPS')?.value).toBe('1');
  });

  it('turns off proxy buffering and allows long reads for the event stream', () => {
    expect(ingress?.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    });
  });
});

describe('the plain manifests directory', () => {
  it('creates the namespace the rendered objects live in, before them', () => {
    const [namespace] = load('manifests/00-namespace.yaml');
    const namespaces = new Set(
      load('manifests/sidecarscope.yaml')
        .map((o) => o.metadata.namespace)
        .filter(Boolean),
    );
    expect(namespace?.kind).toBe('Namespace');
    expect([...namespaces]).toEqual([namespace?.metadata.name]);
  });
});
