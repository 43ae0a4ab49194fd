import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observePod } from '../observe';
import { aContainer, aDigest, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated, waiting, type PodOptions } from '../testing/builders';
import type { PodDigest, PodObservations } from '../types';
import { deriveLifecycle } from './index';

/** One snapshot of a container: what it shows and how far its reported times lag the watcher. */
const containerView = fc.record({
  kind: fc.constantFrom('waiting', 'running', 'terminated'),
  started: fc.boolean(),
  ready: fc.boolean(),
  restarts: fc.nat({ max: 3 }),
  lagMs: fc.integer({ min: -1500, max: 4000 }),
  runMs: fc.nat({ max: 5000 }),
  withLast: fc.boolean(),
});

type ContainerView = typeof containerView extends fc.Arbitrary<infer T> ? T : never;

const sequence = fc.array(fc.record({ stepMs: fc.integer({ min: 0, max: 2500 }), app: containerView, proxy: containerView }), { minLength: 1, maxLength: 12 });

function statusOf(name: string, view: ContainerView, observedSeconds: number) {
  const finished = observedSeconds - view.lagMs / 1000;
  const startedAt = at(finished - view.runMs / 1000);
  const lastState = view.withLast ? { lastState: terminated({ exitCode: 1, reason: 'Error', startedAt: at(finished - 9), finishedAt: at(finished - 8) }) } : {};
  const options = { restartCount: view.restarts, ...lastState };
  if (view.kind === 'waiting') return aStatus(name, waiting('CrashLoopBackOff'), options);
  if (view.kind === 'terminated') return aStatus(name, terminated({ exitCode: 0, reason: 'Completed', startedAt, finishedAt: at(finished) }), options);
  return aStatus(name, running(startedAt, { started: view.started, ready: view.ready }), options);
}

function fold(steps: { stepMs: number; app: ContainerView; proxy: ContainerView }[]): {
  pod: PodDigest;
  observations: PodObservations | undefined;
  now: number;
} {
  const spec: PodOptions = {
    initContainers: [aNativeSidecar('proxy', { startupProbe: aProbe({ port: 15021 }) })],
    containers: [aContainer('app', { readinessProbe: aProbe({ port: 8080 }) })],
  };
  let observedMs = 0;
  let pod: PodDigest | undefined;
  let observations: PodObservations | undefined;
  for (const step of steps) {
    observedMs += step.stepMs;
    const seconds = 10 + observedMs / 1000;
    const next = aDigest({ ...spec, statuses: [statusOf('proxy', step.proxy, seconds), statusOf('app', step.app, seconds)] });
    observations = observePod(observations, pod, next, ms(seconds));
    pod = next;
  }
  return { pod: pod ?? aDigest(spec), observations, now: ms(10 + observedMs / 1000 + 1) };
}

describe('lifecycle segments', () => {
  it('never end before they start, whatever sequence of snapshots the watcher saw', () => {
    fc.assert(
      fc.property(sequence, (steps) => {
        const { pod, observations, now } = fold(steps);
        for (const lane of deriveLifecycle({ pod, observations, now }).lanes) {
          for (const segment of lane.segments) {
            if (segment.to) expect(segment.to.at, `${lane.container} ${segment.state}`).toBeGreaterThanOrEqual(segment.from.at);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
