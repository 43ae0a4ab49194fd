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
