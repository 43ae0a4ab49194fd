import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPodDigest } from '../model/digest';
import { observeDeletion, observePod } from '../model/observe';
import { SEED_SCENARIOS } from '../model/testing/seed-scenarios';
import type { ObservedTransition, PodDigest, PodObservations, TerminationRecord } from '../model/types';
import { simulate } from '../sim/testing';
import { Interner } from './interner';
import { PackedObservations } from './packed-observations';

/** Packs `observations` after `previous` (as the hub does on each update) and checks it gives them back. */
function roundTrip(observations: PodObservations, shared: Interner, previous?: PackedObservations): PackedObservations {
  const json = JSON.stringify(observations);
  const packed = PackedObservations.of(observations, shared, previous);
  // Same fields, same values, same key order (the history store writes them as JSON).
  expect(JSON.stringify(packed.unpack())).toBe(json);
  expect(JSON.stringify(packed)).toBe(json);
  expect(packed.unpack()).toEqual(observations);
  expect(packed.transitionsKept).toBe(observations.transitions.length);
  expect(packed.terminationsKept).toBe(observations.terminations.length);
  return packed;
}

/** Folds each pod's snapshots as the hub does, packing after each; `deleted` ends each pod with a deletion. */
function foldAndRoundTrip(byUid: Map<string, unknown[]>, at: (i: number) => number | undefined, deleted = false): number {
  const shared = new Interner();
  let transitions = 0;
  for (const raws of byUid.values()) {
    let observations: PodObservations | undefined;
    let before: PodDigest | undefined;
    let packed: PackedObservations | undefined;
    raws.forEach((raw, i) => {
      const digest = toPodDigest(raw);
      if (!digest) return;
      observations = observePod(packed?.unpack(), before, digest, at(i));
      packed = roundTrip(observations, shared, packed);
      before = digest;
    });
    if (deleted && observations) packed = roundTrip(observeDeletion(packed?.unpack(), at(raws.length)), shared, packed);
    transitions += packed?.transitionsKept ?? 0;
  }
  return transitions;
}

describe('PackedObservations', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('gives back what the watcher observed of %s', (_name, scenario) => {
    const byUid = new Map([[scenario.name, scenario.snapshots.map((snapshot) => snapshot.pod as unknown)]]);
    foldAndRoundTrip(byUid, (i) => 1_700_000_000_000 + i * 1_250, true);
  });

  it('gives back what a file of snapshots gives (untimed transitions with their snapshot numbers)', () => {
    for (const scenario of SEED_SCENARIOS) {
      foldAndRoundTrip(new Map([[scenario.name, scenario.snapshots.map((snapshot) => snapshot.pod as unknown)]]), () => undefined, true);
    }
  });

  it('gives back the observations of every pod the churn generator writes', () => {
    const sim = simulate(['churn'], { churn: { pods: 120, updatesPerSecond: 40, namespaces: 3 } });
    sim.run(90);
    const byUid = new Map<string, unknown[]>();
    for (const snapshot of sim.history) byUid.set(snapshot.pod.metadata.uid, [...(byUid.get(snapshot.pod.metadata.uid) ?? []), snapshot.pod]);
    expect(foldAndRoundTrip(byUid, (i) => 1_700_000_000_000 + i * 997)).toBeGreaterThan(100);
  });

  it('gives back odd values (in the key order observePod writes): texts that look like its own encoding, missing and fractional numbers', () => {
    const kind = fc.constantFrom<ObservedTransition['kind']>('created', 'running', 'restarted', 'condition', 'deleted', 'waiting');
    const text = fc.oneof(fc.constantFrom('startedAt=1', 'startedAt=', 'startedAt=01', 'startedAt=1.5', 'startedAt=-0', '', '\u0000'), fc.string());
    const time = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const transition = fc.record(
      { kind, container: text, detail: text, at: time, untimed: fc.constant(true), snapshot: fc.nat() },
      { requiredKeys: ['kind', 'at'] },
    ) as fc.Arbitrary<ObservedTransition>;
    const termination = fc.record(
      { container: text, attempt: fc.integer(), reason: text, exitCode: fc.integer(), startedAt: time, finishedAt: time, observedAt: time },
      { requiredKeys: ['container', 'attempt'] },
    ) as fc.Arbitrary<TerminationRecord>;
    const observations = fc.record(
      {
        transitions: fc.array(transition, { maxLength: 6 }),
        terminations: fc.array(termination, { maxLength: 4 }),
        snapshots: fc.nat(),
        firstDeletion: fc.record({ deadline: time, gracePeriodSeconds: fc.nat() }),
        firstSeenAt: time,
        lastSeenAt: time,
      },
      { requiredKeys: ['transitions', 'terminations'] },
    );
    fc.assert(
      fc.property(observations, observations, (first, second) => {
        const shared = new Interner();
        roundTrip(second, shared, roundTrip(first, shared));
      }),
    );
  });

  it('keeps observations with a transition kind it does not know as they are (e.g. from a newer version of the history store)', () => {
    const observations = {
      transitions: [
        { kind: 'ready', container: 'app', at: 5 },
        { kind: 'resized', container: 'app', detail: 'cpu=2', at: 6 },
      ],
      terminations: [{ container: 'app', attempt: 0, reason: 'Error', exitCode: 1 }],
      firstDeletion: { deadline: 9, gracePeriodSeconds: 30 },
    } as unknown as PodObservations;
    const packed = roundTrip(observations, new Interner());
    expect(packed.hasFirstDeletion).toBe(true);
  });
});
