/** Small helpers the cluster tests share: namespaces and pods on the real API server, waiting. */
import { hasStatus, type RestClient } from './kube-rest';

let counter = 0;

/** A namespace name no other test (or earlier run on the same harness) uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function createNamespace(rest: RestClient, name: string): Promise<void> {
  try {
    await rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (error) {
    if (!hasStatus(error, 409)) throw error;
  }
}

/** Creates a one-container pod; returns its uid. */
export async function createPod(rest: RestClient, namespace: string, name: string): Promise<string> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'cluster-test' } },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  };
  const created = (await rest.request('POST', `/api/v1/namespaces/${namespace}/pods`, pod)) as { metadata?: { uid?: string } };
  return created.metadata?.uid ?? '';
}

/** Resolves once `check` returns true; rejects naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The names of raw objects (pods) in a list or event. */
export function nameOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const name = (object as { metadata?: { name?: unknown } }).metadata?.name;
  return typeof name === 'string' ? name : undefined;
}
