/**
 * The kubeconfig for the simulated cluster: one context, plain http, any token.
 * `insecure-skip-tls-verify` is there because client-node 2.x refuses an `http:` server without it;
 * there is no TLS to verify.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const SIM_CONTEXT = 'sidecarscope-demo';

export function kubeconfigYaml(server: string, token = 'sidecarscope-sim-token'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: SIM_CONTEXT, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: SIM_CONTEXT, user: { token } }],
    contexts: [{ name: SIM_CONTEXT, context: { cluster: SIM_CONTEXT, user: SIM_CONTEXT, namespace: 'default' } }],
    'current-context': SIM_CONTEXT,
    preferences: {},
  });
}

/** Writes `kubeconfig` into `dir` (created if needed) and returns its path. */
export async function writeKubeconfig(dir: string, yaml: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'kubeconfig');
  await writeFile(path, yaml, { mode: 0o600 });
  return path;
}
