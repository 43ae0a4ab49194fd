/**
 * Namespaced mode against the real API server: the service account holds only the Roles of the
 * chart's namespace allow-list rendering (deploy/examples/namespaced.yaml: team-a, team-b), no
 * ClusterRole, so the cluster-wide pod list is forbidden.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { probeAccess, REQUIRED_RULE } from '@/lib/k8s/check-connection';
import { createKubeTransport } from '@/lib/k8s/transport';
import { adminKubeConfig, kubeConfigFor } from './harness';
import { hasStatus, restClient } from './kube-rest';
import { createNamespace, createPod, waitFor } from './fixtures';
import { startDashboard } from './dashboard';
import { applyRbacObjects, readDeployManifests, serviceAccountToken } from './rbac';

const info = inject('harness');
const admin = restClient(adminKubeConfig(info));
const chart = readDeployManifests('examples/namespaced.yaml');
const allowed = chart.filter((o) => o.kind === 'Role').map((o) => (o.metadata as { namespace: string }).namespace);
const serviceAccount = chart.find((o) => o.kind === 'ServiceAccount')?.metadata as { name: string; namespace: string };
const OUTSIDE = 'team-outside';
let token = '';

beforeAll(async () => {
  try {
    await admin.request('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/sidecarscope');
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
  for (const namespace of [serviceAccount.namespace, ...allowed, OUTSIDE]) await createNamespace(admin, namespace);
  await applyRbacObjects(admin, chart);
  for (const namespace of [...allowed, OUTSIDE]) await createPod(admin, namespace, `pod-in-${namespace}`);
  token = await serviceAccountToken(admin, serviceAccount.namespace, serviceAccount.name);
});

describe('namespaced mode with Roles only', () => {
  it('renders Roles for at least two namespaces (the fixture this suite relies on)', () => {
    expect(allowed.length).toBeGreaterThanOrEqual(2);
  });

  it('is refused the cluster-wide pod list, with the message naming the rule and --namespace', async () => {
    const transport = createKubeTransport(kubeConfigFor(info, token));
    await expect(probeAccess(transport, 'the harness')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(new RegExp(`${REQUIRED_RULE.replace(/[[\]{}]/g, '\\$&')}.*--namespace`)),
    });
  });

  it('passes the connection check when limited to the namespaces it has Roles in, and fails naming one it has not', async () => {
    const transport = createKubeTransport(kubeConfigFor(info, token));
    await expect(probeAccess(transport, 'the harness', allowed)).resolves.toBeUndefined();
    await expect(probeAccess(transport, 'the harness', [...allowed, OUTSIDE])).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(`namespace "${OUTSIDE}"`),
    });
  });

  it('shows exactly the pods of its namespaces, watched one namespace at a time, and stays connected', async () => {
    const dashboard = startDashboard(info, token, { namespaces: allowed });
    try {
      const expected = allowed.map((ns) => `${ns}/pod-in-${ns}`).sort();
      await waitFor('the pods of every allowed namespace', () => expected.every((key) => dashboard.podKeys().includes(key)));
      await waitFor('a connected status', () => dashboard.status().state === 'connected');
      expect(dashboard.podKeys().sort()).toEqual(expected);
      await createPod(admin, allowed[0] ?? 'team-a', 'added-while-watching');
      await waitFor('a pod added while watching', () => dashboard.podKeys().includes(`${allowed[0]}/added-while-watching`));
    } finally {
      dashboard.stop();
    }
  });
});
