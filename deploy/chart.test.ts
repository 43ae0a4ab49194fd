import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deploymentSchema, ingressSchema, networkPolicySchema, objectsOf, parseManifests, roleSchema, serviceSchema } from './k8s-docs';
import { CHART_DIR, findHelm, generatedHeader, renderChart, VARIANTS } from './variants';

const deployDir = dirname(fileURLToPath(import.meta.url));
const helm = findHelm();
const TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** Renders with helm; runs only where helm is installed (docs/deploy.md says how). */
const render = (args: string[]) => renderChart(helm ?? 'helm', deployDir, args);

describe.skipIf(helm === undefined)('the Helm chart, rendered with helm', () => {
  it('passes helm lint with the sub-path, ingress and token values set', () => {
    const result = spawnSync(
      helm ?? 'helm',
      ['lint', join(deployDir, CHART_DIR), '--strict', '--set', 'basePath=/sidecars,ingress.enabled=true', '--set', `auth.token=${TOKEN}`],
      { encoding: 'utf8' },
    );
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
  });

  it.each(VARIANTS)('still renders exactly the committed $file (run deploy/render-manifests.ts after a chart change)', (variant) => {
    const committed = readFileSync(join(deployDir, variant.file), 'utf8');
    expect(generatedHeader(variant) + render(variant.args)).toBe(committed);
  });

  const deploymentOf = (args: string[]) => objectsOf(parseManifests(render(args)), 'Deployment', deploymentSchema)[0];
  const envOf = (args: string[]) => new Map(deploymentOf(args)?.spec.template.spec.containers[0]?.env.map((e) => [e.name, e]));

  it('is safe with default values: a random token in a Secret, different per install, mounted where the server reads it', () => {
    const first = parseManifests(render([]));
    const second = parseManifests(render([]));
    const tokenOf = (objects: typeof first) =>
      Buffer.from(String((objects.find((o) => o.kind === 'Secret')?.data as { token?: string } | undefined)?.token ?? ''), 'base64').toString();
    expect(tokenOf(first)).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    const [deployment] = objectsOf(first, 'Deployment', deploymentSchema);
    const env = new Map(deployment?.spec.template.spec.containers[0]?.env.map((e) => [e.name, e]));
    expect(env.get('SIDECARSCOPE_TOKEN_FILE')?.value).toBe('/var/run/sidecarscope/auth/token');
    expect(deployment?.spec.template.spec.volumes.find((v) => v.secret)?.secret).toEqual({
      secretName: 'sidecarscope-auth',
      items: [{ key: 'token', path: 'token' }],
    });
    expect(JSON.stringify(deployment)).not.toContain(tokenOf(first));
  });

  it('tells in NOTES.txt how to read the token, and warns when auth is off', () => {
    const notes = readFileSync(join(deployDir, CHART_DIR, 'templates', 'NOTES.txt'), 'utf8');
    expect(notes).toContain(`get secret {{ include "sidecarscope.authSecretName" . }} -o jsonpath='{.data.token}' | base64 -d`);
    expect(notes).toMatch(/WARNING: auth\.disabled=true: no token/);
  });

  it('reads back the generated token on upgrade instead of making a new one', () => {
    const secret = readFileSync(join(deployDir, CHART_DIR, 'templates', 'secret.yaml'), 'utf8');
    expect(secret).toMatch(/lookup "v1" "Secret" \.Release\.Namespace \$name/);
  });

  it('turns the token off only when auth.disabled=true, and then answers only to its own names', () => {
    const objects = parseManifests(
      render([
        '--set',
        'auth.disabled=true',
        '--set',
        'ingress.enabled=true',
        '--set',
        'ingress.host=ops.example.com',
        '--set',
        'auth.allowedHosts={dash.lan}',
      ]),
    );
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const [deployment] = objectsOf(objects, 'Deployment', deploymentSchema);
    const env = new Map(deployment?.spec.template.spec.containers[0]?.env.map((e) => [e.name, e]));
    expect(env.has('SIDECARSCOPE_TOKEN_FILE')).toBe(false);
    expect(env.get('SIDECARSCOPE_ALLOWED_HOSTS')?.value?.split(',')).toEqual([
      'sidecarscope',
      'sidecarscope.sidecarscope',
      'sidecarscope.sidecarscope.svc',
      'sidecarscope.sidecarscope.svc.cluster.local',
      'ops.example.com',
      'dash.lan',
    ]);
    expect(deployment?.spec.template.spec.volumes.some((v) => v.secret)).toBe(false);
  });

  it('serves open /metrics on its own port, on the Pod and the Service, with scrape annotations, never on the ingress', () => {
    const args = ['--set', 'metrics.open=true', '--set', 'ingress.enabled=true'];
    const objects = parseManifests(render(args));
    const [deployment] = objectsOf(objects, 'Deployment', deploymentSchema);
    const container = deployment?.spec.template.spec.containers[0];
    expect(container?.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['http', 3000],
      ['metrics', 9090],
    ]);
    expect(envOf(args).get('SIDECARSCOPE_METRICS_PORT')?.value).toBe('9090');
    expect(deployment?.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9090',
      'prometheus.io/path': '/metrics',
    });
    expect(objectsOf(objects, 'Service', serviceSchema)[0]?.spec.ports.map((p) => [p.name, p.port])).toEqual([
      ['http', 80],
      ['metrics', 9090],
    ]);
    const [ingress] = objectsOf(objects, 'Ingress', ingressSchema);
    expect(ingress?.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.port.name))).toEqual(['http']);
  });

  it('offers a NetworkPolicy admitting the dashboard port from the ingress namespace and the metrics port from monitoring', () => {
    expect(parseManifests(render([])).filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
    const [policy] = objectsOf(
      parseManifests(render(['--set', 'networkPolicy.enabled=true', '--set', 'metrics.open=true'])),
      'NetworkPolicy',
      networkPolicySchema,
    );
    expect(policy?.spec.policyTypes).toEqual(['Ingress']);
    expect(policy?.spec.ingress.map((rule) => rule.ports.map((p) => p.port))).toEqual([['http'], ['metrics']]);
    expect(JSON.stringify(policy?.spec.ingress[1]?.from)).toContain('monitoring');
  });

  it('keeps a token in a Secret, rolls the pods when it changes, and never puts it in the Deployment', () => {
    const objects = parseManifests(render(['--set', `auth.token=${TOKEN}`]));
    const secret = objects.find((o) => o.kind === 'Secret');
    expect(secret?.data).toEqual({ token: Buffer.from(TOKEN).toString('base64') });
    const deploymentText = JSON.stringify(objects.find((o) => o.kind === 'Deployment'));
    expect(deploymentText).not.toContain(TOKEN);
    expect(deploymentText).toMatch(/"checksum\/auth":"[0-9a-f]{64}"/);
  });

  it('uses an existing Secret instead of creating one', () => {
    const objects = parseManifests(render(['--set', 'auth.existingSecret=my-token']));
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const [deployment] = objectsOf(objects, 'Deployment', deploymentSchema);
    expect(deployment?.spec.template.spec.volumes.find((v) => v.secret)?.secret?.secretName).toBe('my-token');
  });

  it.each([
    ['a token shorter than 16 characters', ['--set', 'auth.token=short'], /at least 16/],
    ['a base path without a leading slash', ['--set', 'basePath=sidecars'], /must start with \//],
  ])('refuses %s', (_, args, message) => {
    expect(() => render(args)).toThrow(message);
  });

  it('keeps history in an emptyDir by default and on a claim with persistence, one pod at a time on a ReadWriteOnce volume', () => {
    const deploymentOf = (args: string[]) => objectsOf(parseManifests(render(args)), 'Deployment', deploymentSchema)[0];
    const dataVolume = (args: string[]) =>
      (deploymentOf(args)?.spec.template.spec as { volumes?: { name: string }[] } | undefined)?.volumes?.find((v) => v.name === 'data');
    expect(dataVolume([])).toEqual({ name: 'data', emptyDir: { sizeLimit: '1344Mi' } });
    const persisted = ['--set', 'persistence.enabled=true', '--set', 'persistence.storageClass=fast', '--set', 'persistence.size=5Gi'];
    const objects = parseManifests(render(persisted));
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim') as { metadata: { name: string }; spec?: unknown } | undefined;
    expect(claim?.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
    expect(dataVolume(persisted)).toEqual({ name: 'data', persistentVolumeClaim: { claimName: claim?.metadata.name } });
    const strategyOf = (args: string[]) =>
      (parseManifests(render(args)).find((o) => o.kind === 'Deployment') as { spec?: { strategy?: unknown } } | undefined)?.spec?.strategy;
    expect(strategyOf(persisted)).toEqual({ type: 'Recreate' });
    expect(strategyOf([])).toBeUndefined();
    const container = deploymentOf(persisted)?.spec.template.spec.containers[0];
    expect(container?.env.filter((e) => e.name.startsWith('SIDECARSCOPE_HISTORY') || e.name === 'SIDECARSCOPE_DATA_DIR').map((e) => [e.name, e.value])).toEqual(
      [
        ['SIDECARSCOPE_HISTORY', 'on'],
        ['SIDECARSCOPE_DATA_DIR', '/data'],
        ['SIDECARSCOPE_HISTORY_RETENTION_SECONDS', '604800'],
        ['SIDECARSCOPE_HISTORY_MAX_BYTES', '1073741824'],
      ],
    );
    expect(() => render([...persisted, '--set', 'replicaCount=2'])).toThrow(/ReadWriteOnce volume holds one replica/);
    const existing = parseManifests(render(['--set', 'persistence.enabled=true', '--set', 'persistence.existingClaim=mine']));
    expect(existing.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('opens /metrics only when asked', () => {
    expect(envOf([]).has('SIDECARSCOPE_METRICS_PORT')).toBe(false);
    expect(envOf(['--set', 'metrics.open=true']).has('SIDECARSCOPE_METRICS_PORT')).toBe(true);
  });

  it('renders the split release example: Roles in its namespaces only, its heap ceiling and semi-spaces, its limit', () => {
    const objects = parseManifests(render(['-f', join(deployDir, 'examples', 'values-split-release.yaml')]));
    expect(objectsOf(objects, 'ClusterRole', roleSchema)).toEqual([]);
    expect(
      objects
        .filter((o) => o.kind === 'Role')
        .map((o) => (o.metadata as { namespace?: string }).namespace)
        .sort(),
    ).toEqual(['team-a', 'team-b']);
    const container = objectsOf(objects, 'Deployment', deploymentSchema)[0]?.spec.template.spec.containers[0];
    expect(container?.env.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe('--max-old-space-size=256 --max-semi-space-size=8');
    expect(container?.env.find((e) => e.name === 'SIDECARSCOPE_NAMESPACES')?.value).toBe('team-a,team-b');
    expect(container?.resources.limits).toEqual({ memory: '640Mi' });
  });

  it('grants get pods/log and turns logs on only with logs.enabled', () => {
    const of = (args: string[]) => {
      const objects = parseManifests(render(args));
      const rules = objectsOf(objects, 'ClusterRole', roleSchema).flatMap((role) => role.rules);
      const env = objectsOf(objects, 'Deployment', deploymentSchema)[0]?.spec.template.spec.containers[0]?.env ?? [];
      return { logRules: rules.filter((r) => r.resources.includes('pods/log')), logsEnv: env.find((e) => e.name === 'SIDECARSCOPE_LOGS_ENABLED')?.value };
    };
    expect(of([])).toEqual({ logRules: [], logsEnv: undefined });
    expect(of(['--set', 'logs.enabled=true'])).toEqual({ logRules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }], logsEnv: 'true' });
  });
});
