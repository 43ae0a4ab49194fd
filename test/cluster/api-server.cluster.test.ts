import { describe, expect, inject, it } from 'vitest';
import { pollPodMetrics, readServerVersion } from '@/lib/k8s/cluster-info';
import { hasNativeSidecars } from '@/lib/model/classify';
import { probeAccess, REQUIRED_RULE } from '@/lib/k8s/check-connection';
import { createKubeTransport } from '@/lib/k8s/transport';
import { adminKubeConfig, kubeConfigFor } from './harness';

const info = inject('harness');
const admin = createKubeTransport(adminKubeConfig(info));

describe('the real kube-apiserver of the harness', () => {
  it('reports its release in /version, and the dashboard reads native sidecar support from it', async () => {
    const version = await readServerVersion(admin);
    expect(version).toMatchObject({ major: 1, minor: 34 });
    expect(hasNativeSidecars(version)).toBe(true);
  });

  it('serves no metrics.k8s.io, and the metrics poll reports the API as absent with the install hint', async () => {
    const groups = (await admin.getJson('/apis')) as { groups?: { name?: string }[] };
    expect(groups.groups?.map((g) => g.name)).not.toContain('metrics.k8s.io');
    for (const namespaces of [undefined, ['default']]) {
      const poll = await pollPodMetrics(admin, namespaces);
      expect(poll.available).toBe(false);
      if (!poll.available) expect(poll.reason).toMatch(/metrics API \(metrics\.k8s\.io\) is not served.*metrics-server/);
    }
  });

  it('authenticates the admin token and lets it list pods cluster-wide', async () => {
    await expect(probeAccess(admin, 'the harness')).resolves.toBeUndefined();
  });

  it('rejects an unknown token with 401 and explains it', async () => {
    const stranger = createKubeTransport(kubeConfigFor(info, 'not-a-token'));
    await expect(probeAccess(stranger, 'the harness')).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/401 Unauthorized/) });
  });

  it('enforces RBAC: a user with no bindings gets the forbidden message naming the rule to grant', async () => {
    const nobody = createKubeTransport(kubeConfigFor(info, info.tokens.nobody));
    await expect(probeAccess(nobody, 'the harness')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining(REQUIRED_RULE) });
  });
});
