/**
 * The pre-flight check the CLI runs before starting the dashboard: can we load credentials, reach
 * the API server, authenticate, list pods, and hold every grant of the chart's ClusterRole
 * (SelfSubjectAccessReview)? Each failure is one sentence that says what to do, naming the RBAC
 * rule when access is denied. Not marked `server-only` (the CLI imports it).
 */
import { describeMissingGrant, reviewAccess } from './access-review';
import { K8sError, toK8sError } from './errors';
import { loadKubeConfig, type ConnectionSettings } from './kubeconfig';
import { createKubeTransport } from './transport';
import type { KubeTransport } from './transport-types';

/** The ClusterRole rule Sidecarscope needs, as YAML flow text for messages. */
export const REQUIRED_RULE = '{apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"]}';

function explainProbe(error: K8sError, where: string): K8sError {
  switch (error.code) {
    case 'unauthorized':
      return new K8sError(
        'unauthorized',
        `The API server of ${where} rejected the credentials (401 Unauthorized): the token or certificate is invalid or expired. Log in again and retry.`,
        { status: 401 },
      );
    case 'unreachable':
    case 'timeout':
      return new K8sError(
        error.code,
        `Cannot reach the API server of ${where} (${error.message.replace(/^[^:]*: /, '')}). Check the network, VPN or that the cluster is running.`,
      );
    default:
      return error;
  }
}

async function canListPods(transport: KubeTransport, path: string): Promise<boolean> {
  try {
    await transport.list(path, { limit: 1 });
    return true;
  } catch (error) {
    const k8s = toK8sError(error, 'list pods');
    if (k8s.code === 'forbidden') return false;
    throw k8s;
  }
}

/**
 * Reviews every grant of the chart's ClusterRole: throws when pods cannot be listed or watched,
 * returns one sentence per missing optional grant (events, metrics, `get`). A server that cannot
 * answer reviews returns no warnings.
 */
async function reviewGrants(transport: KubeTransport, where: string, namespaces: string[]): Promise<string[]> {
  const report = await reviewAccess(transport, namespaces);
  if (!report.checked) return [];
  const blocking = report.missing.filter((m) => m.blocking);
  if (blocking.length > 0) {
    throw new K8sError('forbidden', `Forbidden: the identity of ${where} cannot show pods: ${blocking.map(describeMissingGrant).join('; ')}.`, { status: 403 });
  }
  return report.missing.map(describeMissingGrant);
}

/**
 * Checks that pods can be listed: cluster-wide, or in every namespace of `namespaces` when the
 * cluster-wide list is forbidden; then reviews every grant of the chart's role. Throws a
 * {@link K8sError} with an actionable message; each missing optional grant goes to `warn`.
 */
export async function probeAccess(transport: KubeTransport, where: string, namespaces: string[] = [], warn: (line: string) => void = () => {}): Promise<void> {
  let clusterWide: boolean;
  try {
    await transport.getJson('/version');
    clusterWide = await canListPods(transport, '/api/v1/pods');
  } catch (error) {
    throw explainProbe(toK8sError(error, 'probe'), where);
  }
  if (!clusterWide && namespaces.length === 0) {
    throw new K8sError(
      'forbidden',
      `Forbidden: the identity of ${where} may not get/list/watch pods cluster-wide. Grant a ClusterRole with the rule ${REQUIRED_RULE}, or limit Sidecarscope to namespaces you can read with --namespace.`,
      { status: 403 },
    );
  }
  for (const ns of clusterWide ? [] : namespaces) {
    if (
      !(await canListPods(transport, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`).catch((e: unknown) => {
        throw explainProbe(toK8sError(e, 'probe'), where);
      }))
    ) {
      throw new K8sError(
        'forbidden',
        `Forbidden: the identity of ${where} may not get/list/watch pods in namespace "${ns}". Grant a Role there with the rule ${REQUIRED_RULE}.`,
        { status: 403 },
      );
    }
  }
  for (const line of await reviewGrants(transport, where, namespaces)) warn(line);
}

/** Loads the credentials and probes access; resolves when the dashboard can start. */
export async function checkClusterConnection(settings: ConnectionSettings, namespaces: string[] = [], warn?: (line: string) => void): Promise<void> {
  const kc = loadKubeConfig(settings);
  const where = settings.mode === 'in-cluster' ? 'this cluster' : `context "${kc.getCurrentContext()}"`;
  await probeAccess(createKubeTransport(kc), where, namespaces, warn);
}
