import { describe, expect, it } from 'vitest';
import type { Pod } from '../kube-types';
import { simulate } from '../testing';

/**
 * Found by running seed-002-plain-init on Kubernetes' own kubelet (test/kubelet): the prober
 * manager reports a running regular init container as started (no startupProbe: started once
 * running, pkg/kubelet/prober/prober_manager.go isContainerStarted, v1.34.4); it only never
 * reports it ready before it completes.
 */
describe('a regular init container on the simulated kubelet', () => {
  it('is started, not ready, while it runs', () => {
    const sim = simulate(['seed-002-plain-init']);
    sim.run(20);
    const pod = sim.store.list('pods')[0] as Pod | undefined;
    const init = pod?.status.initContainerStatuses?.find((c) => c.name === 'slow-sidecar');
    expect(init?.state).toHaveProperty('running');
    expect(init?.started).toBe(true);
    expect(init?.ready).toBe(false);
  });
});
