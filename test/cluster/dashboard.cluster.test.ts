/**
 * The dashboard's server side against the real API server with a real service-account token
 * bound to exactly the ClusterRole the Helm chart ships (its committed rendering,
 * deploy/manifests/sidecarscope.yaml), then with each single permission of that role taken away.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminKubeConfig } from './harness';
import { restClient, type RestClient } from './kube-rest';
import { createNamespace, createPod, uniqueName, waitFor } from './fixtures';
import { startDashboard, type Dashboard } from './dashboard';
import { applyRbacObjects, describeGrant, grantsOf, readDeployManifests, rulesOf, rulesWithout, serviceAccountToken, type Grant } from './rbac';
import { kubeConfigFor } from './harness';

const info = inject('harness');
const admin = restClient(adminKubeConfig(info));
const chart = [...readDeployManifests('manifests/00-namespace.yaml'), ...readDeployManifests('manifests/sidecarscope.yaml')];
const clusterRole = chart.find((o) => o.kind === 'ClusterRole');
const rules = rulesOf(chart, 'ClusterRole');
const serviceAccount = chart.find((o) => o.kind === 'ServiceAccount')?.metadata as { name: string; namespace: string };
let token = '';
let podNamespace = '';

async function isAllowed(client: RestClient, grant: Grant): Promise<boolean> {
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { group: grant.apiGroup, resource: grant.resource, verb: grant.verb } },
  };
  const answer = (await client.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review)) as { status?: { allowed?: boolean } };
  return answer.status?.allowed === true;
}

/** Every sentence the dashboard would show about its connection and its metrics. */
function messagesOf(dashboard: Dashboard): string[] {
  const status = dashboard.status();
  const metrics = dashboard.runtime.hub.metrics;
  return ['reason' in status ? (status.reason ?? '') : '', metrics.available ? '' : (metrics.reason ?? '')].filter((m) => m !== '');
}

beforeAll(async () => {
  await applyRbacObjects(admin, chart);
  token = await serviceAccountToken(admin, serviceAccount.namespace, serviceAccount.name);
  podNamespace = uniqueName('dashboard');
  await createNamespace(admin, podNamespace);
  await createPod(admin, podNamespace, 'visible');
});

describe('the dashboard with the Helm chart ClusterRole', () => {
  it('connects with the service-account token: pods listed and watched, version read, metrics API reported absent', async () => {
    const dashboard = startDashboard(info, token);
    try {
      await waitFor('the pod in the hub', () => dashboard.podKeys().includes(`${podNamespace}/visible`));
      await waitFor('a connected status', () => dashboard.status().state === 'connected');
      await waitFor('the first metrics poll', () => dashboard.runtime.hub.metrics.reason !== 'Waiting for the first metrics poll.');
      expect(dashboard.runtime.hub.metrics).toMatchObject({ available: false, reason: expect.stringMatching(/not served/) });
      expect(dashboard.runtime.hub.version).toMatchObject({ major: 1, minor: 34 });
      await createPod(admin, podNamespace, 'added-later');
      await waitFor('a pod added while watching', () => dashboard.podKeys().includes(`${podNamespace}/added-later`));
    } finally {
      dashboard.stop();
    }
  });

  describe.each(grantsOf(rules).map((grant) => ({ grant, name: describeGrant(grant) })))('without $name', ({ grant }) => {
    beforeAll(async () => {
      await applyRbacObjects(admin, [{ ...clusterRole, rules: rulesWithout(rules, grant) }]);
      const self = restClient(kubeConfigFor(info, token));
      await waitFor('RBAC to drop the permission', async () => !(await isAllowed(self, grant)));
    });
    afterAll(() => applyRbacObjects(admin, [{ ...clusterRole, rules }]));

    // Without listing or watching pods there are no pods to show: the dashboard must say so in its
    // status rather than look connected; with any other grant missing, the pods are still there.
    const podsUnreadable = grant.apiGroup === '' && grant.resource === 'pods' && grant.verb !== 'get';
    if (podsUnreadable)
      it('reports itself forbidden, not connected, while it cannot read the pods', async () => {
        const dashboard = startDashboard(info, token);
        try {
          await waitFor('a forbidden status', () => dashboard.status().state === 'forbidden');
        } finally {
          dashboard.stop();
        }
      });
    else
      it('still shows the pods, not a blank page', async () => {
        const dashboard = startDashboard(info, token);
        try {
          await waitFor('the pod in the hub', () => dashboard.podKeys().includes(`${podNamespace}/visible`));
        } finally {
          dashboard.stop();
        }
      });

    it('says which permission is missing instead of showing an empty or silent page', async () => {
      const dashboard = startDashboard(info, token);
      try {
        const pattern = new RegExp(`(?=.*\\b${grant.resource}\\b)(?=.*(forbidden|not allowed|rule|role))`, 'i');
        await waitFor(`a message naming ${grant.resource}`, () => messagesOf(dashboard).some((m) => pattern.test(m)), 15_000).catch(() => undefined);
        expect(messagesOf(dashboard), `what the dashboard says without ${describeGrant(grant)}`).toContainEqual(expect.stringMatching(pattern));
      } finally {
        dashboard.stop();
      }
    });
  });
});
