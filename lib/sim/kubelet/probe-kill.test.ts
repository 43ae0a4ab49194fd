import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { ScenarioEngine } from '../engine';
import type { ContainerStatusWire, Pod } from '../kube-types';
import { barePod, container, type Scenario } from '../scenarios/kit';
import { SimStore } from '../store';

/**
 * Found by running a native sidecar whose startupProbe never passes on Kubernetes' own kubelet
 * (test/kubelet, sidecar-startup-probe-never-passes): the kubelet stops the container with
 * SIGTERM (it exits 143 after draining), and restarts it at once after the first kill and the
 * first exit both (doBackOff finds no exited run at the first kill), so the 10 s back-off comes
 * at the third kill, not the second.
 */
const neverStarts: Scenario = {
  name: 'test-never-starts',
  namespace: 'test',
  summary: 'a native sidecar whose startupProbe never passes',
  start(ctx) {
    barePod(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'never-starts',
      template: {
        initContainers: [
          container('proxy', 'envoyproxy/envoy:v1.30.1', {
            restartPolicy: 'Always',
            startupProbe: { httpGet: { path: '/ready', port: 15021 }, periodSeconds: 1, failureThreshold: 3 },
          }),
        ],
        containers: [container('app', 'ghcr.io/example/app:1.0.0')],
      },
      behaviours: { proxy: { pullMs: 300, serveAfterMs: 3_600_000, drainMs: 200 }, app: { pullMs: 300 } },
    });
  },
};

function proxyHistory(seconds: number): { at: number; status: ContainerStatusWire }[] {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new SimStore({ historyWindow: 10_000 });
  const start = clock.now();
  const seen: { at: number; status: ContainerStatusWire }[] = [];
  store.subscribe((change) => {
    const status = (change.object as Pod).status?.initContainerStatuses?.find((c) => c.name === 'proxy');
    if (change.resource === 'pods' && status) seen.push({ at: clock.now() - start, status });
  });
  const engine = new ScenarioEngine({ clock, writer: store, seed: 3, scenarios: [neverStarts.name], catalogue: [neverStarts] });
  engine.start();
  for (let s = 0; s < seconds * 10; s++) engine.advance(100);
  return seen;
}

describe('a native sidecar killed for failing its startupProbe', () => {
  it('exits 143 (SIGTERM, drained), not 137', () => {
    const exits = proxyHistory(20).flatMap(({ status }) => ('terminated' in status.state ? [status.state.terminated.exitCode] : []));
    expect(exits.length).toBeGreaterThan(0);
    expect(new Set(exits)).toEqual(new Set([143]));
  });

  it('is restarted at once twice before the first back-off', () => {
    const history = proxyHistory(20);
    const restartsBy = (ms: number) => Math.max(0, ...history.filter((h) => h.at <= ms).map((h) => h.status.restartCount));
    expect(restartsBy(10_000)).toBe(2);
    const backingOff = history.filter((h) => 'waiting' in h.status.state && h.status.state.waiting.reason === 'CrashLoopBackOff');
    expect(backingOff.every((h) => h.status.restartCount >= 2)).toBe(true);
  });
});

describe('a native sidecar backing off after startupProbe kills', () => {
  it('shows CrashLoopBackOff about a second after the kill that meets the back-off, not at the retry 10-15 s later', () => {
    const history = proxyHistory(40);
    let killedAt: number | undefined;
    const delays: number[] = [];
    for (const { at, status } of history) {
      if ('terminated' in status.state && killedAt === undefined) killedAt = at;
      if ('running' in status.state) killedAt = undefined;
      if ('waiting' in status.state && status.state.waiting.reason === 'CrashLoopBackOff' && killedAt !== undefined) {
        delays.push(at - killedAt);
        killedAt = Number.NaN;
      }
    }
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.every((ms) => ms <= 2_000)).toBe(true);
  });
});
