/**
 * `pods/log` RBAC on the real API server, both ways: the chart's rules alone (logs off in the
 * chart) are refused `get pods/log` and the dashboard falls back to the kubectl command; with the
 * `logs.enabled` rule the API server authorizes the read (with no kubelet in this harness, the
 * unscheduled pod's log is empty: kube-apiserver v1.34 `LogLocation` has no node to ask).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOGS_GRANT, reviewAccess } from '@/lib/k8s/access-review';
import { readPreviousLog } from '@/lib/k8s/pod-logs';
import { createKubeTransport } from '@/lib/k8s/transport';
import { previousLogOf } from '@/lib/server/pod-logs';
import { adminKubeConfig, kubeConfigFor } from './harness';
import { restClient } from './kube-rest';
import { createNamespace, createPod, uniqueName, waitFor } from './fixtures';
import { startDashboard } from './dashboard';
import { applyRbacObjects, readDeployManifests, rulesOf, serviceAccountToken, type PolicyRule } from './rbac';

const info = inject('harness');
const admin = restClient(adminKubeConfig(info));
const chartRules = rulesOf(readDeployManifests('manifests/sidecarscope.yaml'), 'ClusterRole');
const LOG_RULE: PolicyRule = { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] };
const SA_NAMESPACE = 'logs-rbac';
const namespace = uniqueName('logs');
const tokens: Record<'withLogs' | 'withoutLogs', string> = { withLogs: '', withoutLogs: '' };

function identity(name: string, rules: PolicyRule[]): Record<string, unknown>[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: SA_NAMESPACE } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: SA_NAMESPACE }],
    },
  ];
}

beforeAll(async () => {
  expect(chartRules.some((r) => r.resources.includes('pods/log'))).toBe(false);
  await createNamespace(admin, SA_NAMESPACE);
  await createNamespace(admin, namespace);
  await applyRbacObjects(admin, [...identity('logs-with', [...chartRules, LOG_RULE]), ...identity('logs-without', chartRules)]);
  await createPod(admin, namespace, 'crashy');
  tokens.withLogs = await serviceAccountToken(admin, SA_NAMESPACE, 'logs-with');
  tokens.withoutLogs = await serviceAccountToken(admin, SA_NAMESPACE, 'logs-without');
});

const request = { namespace, pod: 'crashy', container: 'app', tailLines: 200, limitBytes: 65_536 };

describe('get pods/log on the real API server', () => {
  it("is refused with the chart's rules alone", async () => {
    const transport = createKubeTransport(kubeConfigFor(info, tokens.withoutLogs));
    await expect(readPreviousLog(transport, request)).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
      apiMessage: expect.stringContaining('cannot get resource "pods/log"'),
    });
  });

  it('is authorized with the logs.enabled rule (the pod has no node here: an empty log, not 403)', async () => {
    const transport = createKubeTransport(kubeConfigFor(info, tokens.withLogs));
    await expect(readPreviousLog(transport, request)).resolves.toEqual({ lines: [], truncated: false });
  });

  it('the access review (SelfSubjectAccessReview with subresource log) names the missing grant, and only then', async () => {
    const without = await reviewAccess(createKubeTransport(kubeConfigFor(info, tokens.withoutLogs)), [], undefined, { logs: true });
    expect(without).toEqual({ checked: true, missing: [{ ...LOGS_GRANT, namespace: undefined, blocking: false }] });
    const granted = await reviewAccess(createKubeTransport(kubeConfigFor(info, tokens.withLogs)), [], undefined, { logs: true });
    expect(granted).toEqual({ checked: true, missing: [] });
  });

  it("the dashboard without the grant shows the kubectl command, with the API server's reason", async () => {
    const dashboard = startDashboard(info, tokens.withoutLogs);
    try {
      await waitFor('the pod', () => dashboard.podKeys().includes(`${namespace}/crashy`));
      const transport = createKubeTransport(kubeConfigFor(info, tokens.withoutLogs));
      const tail = await previousLogOf(dashboard.runtime.hub, (r) => readPreviousLog(transport, r), namespace, 'crashy', 'app');
      expect(tail).toMatchObject({ enabled: false, command: `kubectl logs -n ${namespace} crashy -c app --previous --tail=200` });
      if (!tail.enabled) expect(tail.reason).toContain('cannot get resource "pods/log"');
    } finally {
      dashboard.stop();
    }
  });
});
