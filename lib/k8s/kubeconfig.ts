/**
 * Loads cluster credentials the way users expect, and refuses to guess.
 *
 * client-node's `loadFromDefault` falls back to `http://localhost:8080` when it finds nothing; we
 * check for a kubeconfig (or the in-cluster service account) first and fail with a clear message.
 * Messages never carry file paths or tokens.
 *
 * Not marked `server-only`: the CLI calls it before starting Next.js.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from './errors';

/** How to reach the cluster: demo and kubeconfig modes both read a kubeconfig. */
export interface ConnectionSettings {
  mode: 'demo' | 'kubeconfig' | 'in-cluster';
  /** The `KUBECONFIG` value (one or more paths); `~/.kube/config` when absent. */
  kubeconfig?: string;
  context?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function kubeconfigPaths(value: string | undefined): string[] {
  if (value && value.trim() !== '') return value.split(delimiter).filter((p) => p.trim() !== '');
  return [join(homedir(), '.kube', 'config')];
}

function loadInCluster(): KubeConfig {
  if (!process.env.KUBERNETES_SERVICE_HOST || !existsSync(SERVICE_ACCOUNT_TOKEN)) {
    throw new K8sError(
      'not-in-cluster',
      'In-cluster mode needs a pod with a service account token and KUBERNETES_SERVICE_HOST; outside a cluster, use a kubeconfig instead.',
    );
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return kc;
}

function loadFiles(settings: ConnectionSettings): KubeConfig {
  const paths = kubeconfigPaths(settings.kubeconfig).filter((p) => existsSync(p));
  if (paths.length === 0) {
    const where = settings.kubeconfig ? 'KUBECONFIG names no readable file' : 'no ~/.kube/config and KUBECONFIG is not set';
    throw new K8sError('no-kubeconfig', `No kubeconfig found (${where}). Set KUBECONFIG, pass --kubeconfig, or run with --in-cluster inside a cluster.`);
  }
  const kc = new KubeConfig();
  for (const [i, path] of paths.entries()) {
    const part = new KubeConfig();
    try {
      part.loadFromFile(path);
    } catch (cause) {
      throw new K8sError('no-kubeconfig', 'The kubeconfig could not be parsed as YAML.', { cause });
    }
    if (i === 0) kc.loadFromString(part.exportConfig());
    else kc.mergeConfig(part, true);
  }
  return kc;
}

function selectContext(kc: KubeConfig, wanted: string | undefined): void {
  const known = kc.getContexts().map((c) => c.name);
  const name = wanted ?? kc.getCurrentContext();
  if (!name || !known.includes(name)) {
    const list = known.length > 0 ? known.join(', ') : '(none)';
    const what = wanted ? `Unknown context "${wanted}"` : 'The kubeconfig has no current context';
    throw new K8sError('unknown-context', `${what}. Known contexts: ${list}. Pick one with --context.`);
  }
  kc.setCurrentContext(name);
  if (!kc.getCurrentCluster()) {
    throw new K8sError('unknown-context', `Context "${name}" names a cluster that is not in the kubeconfig.`);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * client-node refuses `http://` servers unless `insecure-skip-tls-verify` is set, although there
 * is no TLS to verify. kubectl accepts them; so do we, on loopback only (the demo's simulated
 * cluster, `kubectl proxy`).
 */
function allowLoopbackHttp(kc: KubeConfig): KubeConfig {
  const needs = kc.clusters.some((c) => {
    if (c.skipTLSVerify || !c.server.startsWith('http://')) return false;
    return LOOPBACK.has(new URL(c.server).hostname);
  });
  if (!needs) return kc;
  const fixed = new KubeConfig();
  fixed.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.server.startsWith('http://') && LOOPBACK.has(new URL(c.server).hostname) ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.getCurrentContext(),
  });
  return fixed;
}

/**
 * A ready {@link KubeConfig} for the settings, or a {@link K8sError} (`no-kubeconfig`,
 * `unknown-context`, `not-in-cluster`) explaining what is missing.
 */
export function loadKubeConfig(settings: ConnectionSettings): KubeConfig {
  if (settings.mode === 'in-cluster') return loadInCluster();
  const kc = loadFiles(settings);
  selectContext(kc, settings.context);
  return allowLoopbackHttp(kc);
}

/** The name shown for the cluster: the context name, or `in-cluster`. */
export function clusterNameOf(kc: KubeConfig, settings: ConnectionSettings): string {
  return settings.mode === 'in-cluster' ? 'in-cluster' : kc.getCurrentContext();
}
