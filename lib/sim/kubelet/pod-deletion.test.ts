import { describe, expect, it } from 'vitest';
import type { Pod } from '../kube-types';
import type { Change } from '../store';
import { simulate } from '../testing';
import { toRfc3339 } from '../time-format';

interface Seen {
  at: number;
  change: Change;
}

/** Runs scenarios and records every pod change, DELETED included, with the sim time it happened. */
function watchPods(scenarios: string[], seconds: number): Seen[] {
  const sim = simulate(scenarios);
  const seen: Seen[] = [];
  sim.store.subscribe((change) => {
    if (change.resource === 'pods') seen.push({ at: sim.clock.now(), change });
  });
  sim.run(seconds);
  return seen;
}

function byUid(seen: Seen[]): Map<string, Seen[]> {
  const out = new Map<string, Seen[]>();
  for (const entry of seen) {
    const uid = entry.change.object.metadata.uid;
    out.set(uid, [...(out.get(uid) ?? []), entry]);
  }
  return out;
}

const phaseOf = (entry: Seen | undefined) => (entry?.change.object as Pod | undefined)?.status.phase;

describe('pod deletion as a real API server applies it', () => {
  it('deletes a Succeeded or Failed CronJob pod at once: no deletionTimestamp, no status written after the delete', () => {
    const deleted = [...byUid(watchPods(['seed-002-native-startup-probe', 'seed-002-native-no-startup-probe'], 5 * 60 + 10)).values()].filter(
      (changes) => changes.at(-1)?.change.type === 'DELETED',
    );
    expect(deleted.length).toBeGreaterThan(0);
    for (const changes of deleted) {
      expect(['Succeeded', 'Failed']).toContain(phaseOf(changes.at(-2)));
      expect(changes.filter((entry) => entry.change.object.metadata.deletionTimestamp !== undefined)).toEqual([]);
    }
  });

  it('rewrites deletionTimestamp to the final delete and the grace period to 0 before a running pod is DELETED', () => {
    const deleted = [...byUid(watchPods(['shutdown-legacy-before-app'], 120)).values()].filter((changes) => changes.at(-1)?.change.type === 'DELETED');
    expect(deleted.length).toBeGreaterThan(0);
    for (const changes of deleted) {
      const marked = changes.find((entry) => entry.change.object.metadata.deletionTimestamp !== undefined);
      const [rewrite, gone] = changes.slice(-2);
      expect(marked?.change.object.metadata.deletionGracePeriodSeconds).toBeGreaterThan(0);
      expect(rewrite?.change.type).toBe('MODIFIED');
      for (const entry of [rewrite, gone]) {
        expect(entry?.change.object.metadata).toMatchObject({ deletionTimestamp: toRfc3339(gone?.at ?? 0), deletionGracePeriodSeconds: 0 });
      }
      expect(Date.parse(String(marked?.change.object.metadata.deletionTimestamp))).toBeGreaterThan(gone?.at ?? Infinity);
    }
  });
});
