import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K8sError } from './errors';
import { loadKubeConfig } from './kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'sidecarscope-kc-'));

function kubeconfig(contexts: string[], current?: string): string {
  const path = join(dir, `config-${contexts.join('-')}-${current ?? 'none'}`);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c1',
    '  cluster: { server: "https://127.0.0.1:6443" }',
    'users:',
    '- name: u1',
    '  user: { token: "s3cr3t-token" }',
    'contexts:',
    ...contexts.map((c) => `- name: ${c}\n  context: { cluster: c1, user: u1 }`),
    ...(current ? [`current-context: ${current}`] : []),
  ].join('\n');
  writeFileSync(path, yaml);
  return path;
}

function failure(run: () => unknown): K8sError {
  try {
    run();
  } catch (error) {
    if (error instanceof K8sError) return error;
    throw error;
  }
  throw new Error('expected a K8sError');
}

describe('loadKubeConfig', () => {
  it('uses the current context when none is asked for', () => {
    const kc = loadKubeConfig({ mode: 'kubeconfig', kubeconfig: kubeconfig(['dev', 'prod'], 'dev') });
    expect(kc.getCurrentContext()).toBe('dev');
  });

  it('switches to the requested context', () => {
    const kc = loadKubeConfig({ mode: 'kubeconfig', kubeconfig: kubeconfig(['dev', 'prod'], 'dev'), context: 'prod' });
    expect(kc.getCurrentContext()).toBe('prod');
  });

  it('names the known contexts when the requested one is unknown', () => {
    const error = failure(() => loadKubeConfig({ mode: 'kubeconfig', kubeconfig: kubeconfig(['dev', 'prod'], 'dev'), context: 'staging' }));
    expect(error.code).toBe('unknown-context');
    expect(error.message).toContain('dev, prod');
  });

  it('refuses a kubeconfig without a current context instead of guessing', () => {
    const error = failure(() => loadKubeConfig({ mode: 'kubeconfig', kubeconfig: kubeconfig(['a']) }));
    expect(error.code).toBe('unknown-context');
  });

  it('fails clearly, without the path, when KUBECONFIG names no file', () => {
    const missing = join(dir, 'nope', 'config');
    const error = failure(() => loadKubeConfig({ mode: 'kubeconfig', kubeconfig: missing }));
    expect(error.code).toBe('no-kubeconfig');
    expect(error.message).not.toContain(dir);
  });

  it('never puts the token in an error', () => {
    const error = failure(() => loadKubeConfig({ mode: 'kubeconfig', kubeconfig: kubeconfig(['dev'], 'dev'), context: 'x' }));
    expect(error.message).not.toContain('s3cr3t');
  });
});

describe('loadKubeConfig on plain http', () => {
  function httpConfig(server: string): string {
    const path = join(dir, `http-${encodeURIComponent(server)}`);
    writeFileSync(
      path,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: { server: "${server}" }\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: x\n  context: { cluster: c, user: u }\ncurrent-context: x\n`,
    );
    return path;
  }

  it.each([
    ['http://127.0.0.1:8001', true],
    ['http://localhost:8001', true],
    ['http://10.0.0.1:8080', undefined],
    ['https://127.0.0.1:6443', undefined],
  ])('accepts %s without TLS options only on loopback (skipTLSVerify %s)', (server, expected) => {
    const kc = loadKubeConfig({ mode: 'kubeconfig', kubeconfig: httpConfig(server) });
    expect(kc.getCurrentCluster()?.skipTLSVerify || undefined).toBe(expected);
  });
});
