import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { observePod } from '../model/observe';
import { aContainer, aDigest, aStatus, at, ms, running, terminated } from '../model/testing/builders';
import type { PodObservations } from '../model/types';
import { Interner } from './interner';
import { derive, PodEntry, shareDigest } from './pod-entry';

/** A full collection, here without --expose-gc (as bench/rss-probe.mjs does it). */
async function collect(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('PodEntry observations', () => {
  it('lets go of the observations an update set once the pod is derived, and gives back equal ones', async () => {
    const shared = new Interner();
    const first = aDigest({ name: 'a', containers: [aContainer('app')], statuses: [aStatus('app', running(at(1)))] });
    const restarted = aDigest({
      name: 'a',
      containers: [aContainer('app')],
      statuses: [
        aStatus('app', running(at(20)), { restartCount: 1, lastState: terminated({ exitCode: 1, reason: 'Error', startedAt: at(1), finishedAt: at(19) }) }),
      ],
    });
    shareDigest(first, shared);
    const entry = new PodEntry(first, shared, observePod(undefined, undefined, first, ms(1)));
    derive(entry, [], {}, ms(2));
    shareDigest(restarted, shared, first);
    let observations: PodObservations | undefined = observePod(entry.observations, first, restarted, ms(20));
    const expected = structuredClone(observations);
    expect(expected.transitions.length).toBeGreaterThan(0);
    expect(expected.terminations.length).toBeGreaterThan(0);
    const held = [new WeakRef(observations), new WeakRef(observations.transitions), new WeakRef(observations.terminations)];
    entry.setDigest(restarted, shared);
    entry.setObservations(observations, shared);
    // Until derived, the update's own objects are read (a derivation right after it unpacks nothing).
    expect(entry.observations).toBe(observations);
    observations = undefined;
    derive(entry, [], {}, ms(21));
    await collect();
    expect(held.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect(entry.observations).toEqual(expected);
    expect(entry.packedObservations?.transitionsKept).toBe(expected.transitions.length);
  });
});
