import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPodRow, fleetOf } from '../model/derive-views';
import { toPodDigest } from '../model/digest';
import { toEventDigest } from '../model/events';
import { detectFindings } from '../model/findings';
import { deriveLifecycle } from '../model/lifecycle';
import { observePod } from '../model/observe';
import crashloop from '../model/testing/captures/crashloop-pod.json';
import istio from '../model/testing/captures/istio-injected-pod.json';
import nativeSidecar from '../model/testing/captures/native-sidecar-pod.json';
import { SEED_SCENARIOS } from '../model/testing/seed-scenarios';
import type { EventDigest, PodDigest, PodObservations } from '../model/types';
import { simulate } from '../sim/testing';
import { detailOf, summaryOf } from './hub-views';
import { Interner } from './interner';
import { packDigest, unpackDigest, type DigestShape } from './packed-digest';
import { derive, shareDigest } from './pod-entry';
import { ownedBy } from '../model/testing/builders';
import { aHub } from './testing/hub-fixture';

/** Packs each digest after the one before (as the hub does on updates) and unpacks it again. */
function roundTrips(digests: PodDigest[], shared = new Interner()): void {
  let previous: PodDigest | undefined;
  let shape: DigestShape | undefined;
  for (const digest of digests) {
    const json = JSON.stringify(digest);
    shareDigest(digest, shared, previous);
    const packed = packDigest(digest, shared, shape);
    const unpacked = unpackDigest(packed, digest.uid);
    // Same fields, same values, same key order (the API serialises digests as they are).
    expect(JSON.stringify(unpacked)).toBe(json);
    expect(unpacked).toEqual(digest);
    previous = digest;
    shape = packed.shape;
  }
}

function digestsOf(raws: readonly unknown[]): PodDigest[] {
  return raws.flatMap((raw) => toPodDigest(raw) ?? []);
}

describe('packDigest / unpackDigest', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('gives back every snapshot of %s', (_name, scenario) => {
    roundTrips(digestsOf(scenario.snapshots.map((snapshot) => snapshot.pod)));
  });

  it('gives back every pod the churn generator writes, through its restarts, updates and deletions', () => {
    const sim = simulate(['churn'], { churn: { pods: 120, updatesPerSecond: 40, namespaces: 3 } });
    sim.run(90);
    const shared = new Interner();
    const byUid = new Map<string, unknown[]>();
    for (const snapshot of sim.history) byUid.set(snapshot.pod.metadata.uid, [...(byUid.get(snapshot.pod.metadata.uid) ?? []), snapshot.pod]);
    expect(byUid.size).toBeGreaterThan(100);
    for (const raws of byUid.values()) roundTrips(digestsOf(raws), shared);
  });

  it('gives back captures with any of their fields replaced by odd values', () => {
    const odd = fc.oneof(
      fc.constantFrom(null, undefined, '', '\u0000s', '\u0000t', '\u0000u', '\u0000', 0, -1, 1.5, 'True', 'Always', '2024-07-19T13:38:03Z'),
      fc.string(),
      fc.integer(),
    );
    const fields = fc.constantFrom('message', 'reason', 'nodeName', 'resourceVersion', 'phase', 'namespace', 'name', 'containerID', 'image', 'type');
    fc.assert(
      fc.property(fc.constantFrom<unknown>(nativeSidecar, istio, crashloop), fc.array(fc.tuple(fields, odd), { maxLength: 6 }), (capture, edits) => {
        const raw = structuredClone(capture) as {
          metadata: Record<string, unknown>;
          status: { conditions?: Record<string, unknown>[]; containerStatuses?: Record<string, unknown>[] };
        };
        for (const [field, value] of edits) {
          if (field in raw.metadata) raw.metadata[field] = value;
          const condition = raw.status.conditions?.[0];
          if (condition && field in condition) condition[field] = value;
          const status = raw.status.containerStatuses?.[0];
          if (status && field in status) status[field] = value;
          const state = status?.state as Record<string, Record<string, unknown>> | undefined;
          for (const inner of Object.values(state ?? {})) if (field in inner) inner[field] = value;
        }
        roundTrips(digestsOf([capture, raw]));
      }),
      { numRuns: 200 },
    );
  });

  it('shares one skeleton between replicas that differ only in names, versions, nodes and times', () => {
    type Raw = {
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
      status: Record<string, unknown> & { conditions: Record<string, unknown>[] };
    };
    const replica = (n: number): unknown => {
      const raw = structuredClone(istio) as unknown as Raw;
      raw.metadata = {
        ...raw.metadata,
        uid: `uid-${n}`,
        name: `web-7d4b9c-${n}`,
        resourceVersion: String(1000 + n),
        creationTimestamp: `2024-07-19T13:${10 + n}:00Z`,
      };
      raw.spec = { ...raw.spec, nodeName: `node-${n}` };
      raw.status.startTime = `2024-07-19T13:${10 + n}:01Z`;
      for (const condition of raw.status.conditions) condition.lastTransitionTime = `2024-07-19T13:${10 + n}:02Z`;
      return raw;
    };
    const shared = new Interner();
    const packed = digestsOf([replica(1), replica(2), replica(3)]).map((digest) => {
      shareDigest(digest, shared);
      return packDigest(digest, shared);
    });
    expect(packed).toHaveLength(3);
    expect(new Set(packed.map((p) => p.shape)).size).toBe(1);
    const second = packed[1];
    expect(second && unpackDigest(second, 'uid-2').name).toBe('web-7d4b9c-2');
  });
});

describe('the hub on packed digests', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'derives the row, findings and detail of %s as from the unpacked digest',
    (_name, scenario) => {
      const { hub, clock } = aHub();
      let digest: PodDigest | undefined;
      let observations: PodObservations | undefined;
      for (const snapshot of scenario.snapshots) {
        clock.time = snapshot.observedAt;
        hub.applyPodEvent('MODIFIED', snapshot.pod);
        const next = toPodDigest(snapshot.pod);
        if (!next || (digest && next.resourceVersion !== undefined && next.resourceVersion === digest.resourceVersion)) continue;
        observations = observePod(observations, digest, next, snapshot.observedAt);
        digest = next;
      }
      if (!digest) throw new Error(`${scenario.name}: no pod`);
      for (const raw of scenario.events ?? []) hub.applyEvent(raw);
      clock.time = scenario.now;
      hub.flush();
      const events: EventDigest[] = (scenario.events ?? [])
        .flatMap((raw) => toEventDigest(raw) ?? [])
        .filter((e) => e.podUid === undefined || e.podUid === digest.uid);
      const input = { pod: digest, observations, events, metrics: [], cluster: {}, now: scenario.now };
      const findings = detectFindings(input);
      const entry = hub.pod(digest.uid);
      expect(entry?.derived?.findings).toEqual(findings);
      // Same key order too: the API serialises findings as they are.
      expect(JSON.stringify(entry?.derived?.findings)).toBe(JSON.stringify(findings));
      expect(entry?.derived?.row).toEqual(toPodRow(digest, findings));
      expect(entry?.derived?.fleet).toEqual(fleetOf(digest, undefined));
      // Derived again from the packed digest alone (the hub derives an update from the digest it was given).
      const again = entry && derive(entry, events, {}, scenario.now);
      expect(JSON.stringify(again?.findings)).toBe(JSON.stringify(findings));
      expect(again?.row).toEqual(toPodRow(digest, findings));
      const detail = detailOf(hub, digest.namespace, digest.name);
      expect(detail?.digest).toEqual(digest);
      expect(detail?.lifecycle).toEqual(deriveLifecycle({ ...input, gaps: [] }));
    },
  );
});

describe('the hub on packed digests, under churn', () => {
  it('derives every pod as the model does from the unpacked digests, and keeps its totals equal to a recount', () => {
    const sim = simulate(['churn'], { churn: { pods: 150, updatesPerSecond: 60, namespaces: 3, podsPerDeployment: 10 } });
    const { hub, clock } = aHub({ maxDeleted: 1_000 });
    const reference = new Map<string, { pod: PodDigest; observations?: PodObservations; deleted: boolean }>();
    sim.store.subscribe((change) => {
      if (change.resource !== 'pods') return;
      clock.time = sim.clock.now();
      hub.applyPodEvent(change.type, change.object);
      const pod = toPodDigest(change.object);
      if (!pod) return;
      const known = reference.get(pod.uid);
      if (known?.deleted) return;
      const observations =
        known && known.pod.resourceVersion === pod.resourceVersion ? known.observations : observePod(known?.observations, known?.pod, pod, clock.time);
      reference.set(pod.uid, { pod, observations, deleted: change.type === 'DELETED' });
    });
    for (let second = 0; second < 60; second += 1) {
      sim.run(1);
      if (second % 7 === 0) hub.flush();
    }
    hub.flush();
    const phases = new Map<string, number>();
    let checked = 0;
    for (const [uid, { pod, observations, deleted }] of reference) {
      const entry = hub.pod(uid);
      if (!entry?.derived) continue;
      checked += 1;
      expect(entry.digest).toEqual(pod);
      if (deleted) continue;
      const findings = detectFindings({ pod, observations, events: [], metrics: [], cluster: {}, now: clock.time });
      expect(JSON.stringify(entry.derived.findings)).toBe(JSON.stringify(findings));
      expect(entry.derived.row).toEqual(toPodRow(pod, findings));
      const again = derive(entry, [], {}, clock.time);
      expect(JSON.stringify(again.findings)).toBe(JSON.stringify(findings));
      expect(again.row).toEqual(toPodRow(pod, findings));
      phases.set(pod.phase, (phases.get(pod.phase) ?? 0) + 1);
    }
    expect(checked).toBeGreaterThan(150);
    expect(hub.totals.byPhase).toEqual(phases);
    expect(hub.totals.total).toBe(hub.size.live);
  });
});

describe('the totals of a packed entry', () => {
  it('take back what a pod added under its old phase and workload when it changes both', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'web-1', phase: 'Pending', resourceVersion: '1', owner: ownedBy('ReplicaSet', 'web-7d4b9c8f6d') }));
    hub.flush();
    expect(hub.totals.byPhase).toEqual(new Map([['Pending', 1]]));
    // Adopted by another ReplicaSet as it starts (a rare case, but the totals must not drift).
    hub.applyPodEvent('MODIFIED', pod({ name: 'web-1', phase: 'Running', resourceVersion: '2', owner: ownedBy('ReplicaSet', 'api-5f6c7d8e9f') }));
    hub.flush();
    expect(hub.totals.byPhase).toEqual(new Map([['Running', 1]]));
    expect(summaryOf(hub).workloads.map((w) => `${w.workload.name}:${w.pods}`)).toEqual(['api-5f6c7d8e9f:1']);
  });
});
