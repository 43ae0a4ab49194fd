import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deploymentSchema, objectsOf, parseManifests } from './k8s-docs';
import { CHART_DIR, findHelm, generatedHeader, renderChart, VARIANTS } from './variants';

const deployDir = dirname(fileURLToPath(import.meta.url));
const helm = findHelm();
const TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** Renders with helm; runs only where helm is installed (docs/deploy.md says how). */
const render = (args: string[]) => renderChart(helm ?? 'helm', deployDir, args);

describe.skipIf(helm === undefined)('the Helm chart, rendered with helm', () => {
  it('passes helm lint with the sub-path, ingress and token values set', () => {
    const result = spawnSync(helm ?? 'helm', ['lint', join(deployDir, CHART_DIR), '--strict', '--set', 'basePath=/sidecars,ingress.enabled=true', '--set', `auth.token=${TOKEN}`], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain('0 chart(s) failed');
  });

  it.each(VARIANTS)('still renders exactly the committed $file (run deploy/render-manifests.ts after a chart change)', (variant) => {
    const committed = readFileSync(join(deployDir, variant.file), 'utf8');
    expect(generatedHeader(variant) + render(variant.args)).toBe(committed);
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
    const env = deployment?.spec.template.spec.containers[0]?.env.find((e) => e.name === 'SIDECARSCOPE_TOKEN');
    expect(env?.valueFrom?.secretKeyRef?.name).toBe('my-token');
  });

  it.each([
    ['a token shorter than 16 characters', ['--set', 'auth.token=short'], /at least 16/],
    ['a base path without a leading slash', ['--set', 'basePath=sidecars'], /must start with \//],
  ])('refuses %s', (_, args, message) => {
    expect(() => render(args)).toThrow(message);
  });

  it('keeps history in an emptyDir by default and on a claim with persistence, one pod at a time on a ReadWriteOnce volume', () => {
    const deploymentOf = (args: string[]) => objectsOf(parseManifests(render(args)), 'Deployment', deploymentSchema)[0];
    const dataVolume = (args: string[]) => (deploymentOf(args)?.spec.template.spec as { volumes?: { name: string }[] } | undefined)?.volumes?.find((v) => v.name === 'data');
    expect(dataVolume([])).toEqual({ name: 'data', emptyDir: { sizeLimit: '1344Mi' } });
    const persisted = ['--set', 'persistence.enabled=true', '--set', 'persistence.storageClass=fast', '--set', 'persistence.size=5Gi'];
    const objects = parseManifests(render(persisted));
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim') as { metadata: { name: string }; spec?: unknown } | undefined;
    expect(claim?.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
    expect(dataVolume(persisted)).toEqual({ name: 'data', persistentVolumeClaim: { claimName: claim?.metadata.name } });
    const strategyOf = (args: string[]) => (parseManifests(render(args)).find((o) => o.kind === 'Deployment') as { spec?: { strategy?: unknown } } | undefined)?.spec?.strategy;
    expect(strategyOf(persisted)).toEqual({ type: 'Recreate' });
    expect(strategyOf([])).toBeUndefined();
    const container = deploymentOf(persisted)?.spec.template.spec.containers[0];
    expect(container?.env.filter((e) => e.name.startsWith('SIDECARSCOPE_HISTORY') || e.name === 'SIDECARSCOPE_DATA_DIR').map((e) => [e.name, e.value])).toEqual([
      ['SIDECARSCOPE_HISTORY', 'on'],
      ['SIDECARSCOPE_DATA_DIR', '/data'],
      ['SIDECARSCOPE_HISTORY_RETENTION_SECONDS', '604800'],
      ['SIDECARSCOPE_HISTORY_MAX_BYTES', '1073741824'],
    ]);
    expect(() => render([...persisted, '--set', 'replicaCount=2'])).toThrow(/ReadWriteOnce volume holds one replica/);
    const existing = parseManifests(render(['--set', 'persistence.enabled=true', '--set', 'persistence.existingClaim=mine']));
    expect(existing.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('opens /metrics only when asked', () => {
    const env = (args: string[]) => objectsOf(parseManifests(render(args)), 'Deployment', deploymentSchema)[0]?.spec.template.spec.containers[0]?.env;
    expect(env([])?.find((e) => e.name === 'SIDECARSCOPE_METRICS_OPEN')?.value).toBe('0');
    expect(env(['--set', 'auth.metricsOpen=true'])?.find((e) => e.name === 'SIDECARSCOPE_METRICS_OPEN')?.value).toBe('1');
  });
});
