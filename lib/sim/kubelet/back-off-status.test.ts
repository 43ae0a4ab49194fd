import { describe, expect, it } from 'vitest';
import { findStatus, simulate } from '../testing';

describe('a container waiting in CrashLoopBackOff', () => {
  it('reports the run that just ended as its lastState, as the kubelet does', () => {
    const sim = simulate(['sidecar-crashloop']);
    sim.run(120);
    const pod = sim.pod('payments-');
    let checked = 0;
    let lastEnded: string | undefined;
    for (const { pod: snapshot } of sim.historyOf(pod.metadata.uid ?? '')) {
      const status = findStatus(snapshot, 'istio-proxy');
      if (status && 'terminated' in status.state) lastEnded = status.state.terminated.finishedAt;
      if (status && 'waiting' in status.state && status.state.waiting.reason === 'CrashLoopBackOff') {
        expect('terminated' in status.lastState ? status.lastState.terminated.finishedAt : undefined).toBe(lastEnded);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(2);
  });
});

/**
 * Found on Kubernetes' own kubelet (test/kubelet, sidecar-crashloop): the sync that meets the
 * back-off records `BackOff`, but the status it publishes was computed before it, so the
 * container shows `terminated` until the pod worker retries the failed sync 10-15 s later
 * (kubelet.go SyncPod: generateAPIPodStatus, then the runtime's SyncPod, then reasonCache). A
 * 10 s back-off is over by then: the container restarts without ever showing CrashLoopBackOff.
 */
describe('when CrashLoopBackOff shows', () => {
  it('only from the pod worker retry 10-15 s after the exit, never during the first 10 s back-off', () => {
    const sim = simulate(['sidecar-crashloop']);
    sim.run(120);
    const pod = sim.pod('payments-');
    let exitedAt: number | undefined;
    const shown: { restartCount: number; afterExitMs: number }[] = [];
    for (const { at, pod: snapshot } of sim.historyOf(pod.metadata.uid ?? '')) {
      const status = findStatus(snapshot, 'istio-proxy');
      if (!status) continue;
      if ('terminated' in status.state && exitedAt === undefined) exitedAt = at;
      if ('running' in status.state) exitedAt = undefined;
      if ('waiting' in status.state && status.state.waiting.reason === 'CrashLoopBackOff' && exitedAt !== undefined) {
        shown.push({ restartCount: status.restartCount, afterExitMs: at - exitedAt });
        exitedAt = Number.NaN;
      }
    }
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((s) => s.restartCount >= 2)).toBe(true);
    expect(shown.every((s) => s.afterExitMs >= 10_000)).toBe(true);
  });
});
