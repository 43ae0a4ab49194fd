import { describe, expect, it } from 'vitest';
import { firstTime, simulate, terminated } from '../testing';

/**
 * Found on Kubernetes' own kubelet (test/kubelet, shutdown-grace-period-sigkill): while it stops
 * a deleted pod's containers, the pod worker is blocked in that one kill (syncTerminatingPod →
 * killPod waits for every StopContainer), so fluent-bit's exit 143 after 200 ms shows only with
 * the app's SIGKILL at the end of the 10 s grace period, not 10 s before it.
 */
describe('a pod being deleted on the simulated kubelet', () => {
  it('shows a sidecar that exited at once only when the last container is down', () => {
    const sim = simulate(['shutdown-grace-period-sigkill']);
    sim.run(55);
    const deleted = sim.history.find((s) => s.pod.metadata.deletionTimestamp !== undefined)?.pod;
    expect(deleted).toBeDefined();
    const history = sim.historyOf(deleted?.metadata.uid ?? '');
    const sidecarSeen = firstTime(history, (p) => terminated(p, 'fluent-bit') !== undefined);
    const appSeen = firstTime(history, (p) => terminated(p, 'legacy-api') !== undefined);
    expect(appSeen).toBeDefined();
    expect(sidecarSeen).toBe(appSeen);
  });
});
