import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFleet, emptyFleet, fleetOf, toPodRow } from '../model/derive-views';
import { detectFindings } from '../model/findings';
import { aContainer, aStatus, at, ms, running, waiting } from '../model/testing/builders';
import { SEED_SCENARIOS, type SeedScenario } from '../model/testing/seed-scenarios';
import type { PodDigest } from '../model/types';
import type { FleetShare } from '../model/views';
import { simulate } from '../sim/testing';
import type { Hub } from './hub';
import { summaryOf } from './hub-views';
import { aHub } from './testing/hub-fixture';

const MI = 1024 * 1024;

/** A PodMetrics item for `pod` at `atMs`, with the usage drawn for each of its containers (none: left out). */
function podMetrics(
  pod: Pick<PodDigest, 'namespace' | 'name'>,
  atMs: number,
  usages: readonly ({ cpuMilli: number; memoryBytes: number } | undefined)[],
  names: readonly string[],
) {
  return {
    metadata: { namespace: pod.namespace, name: pod.name },
    timestamp: new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    window: '15s',
    containers: names.flatMap((name, i) => {
      const usage = usages[i];
      return usage ? [{ name, usage: { cpu: `${usage.cpuMilli}m`, memory: String(usage.memoryBytes) } }] : [];
    }),
  };
}

/** What a full derivation of the pod `uid` gives now, from the hub's own digest, observations, events and samples. */
function derivedAfresh(hub: Hub, uid: string, now: number) {
  const entry = hub.pod(uid);
  if (!entry) throw new Error(`no pod ${uid}`);
  const pod = entry.digest;
  const findings = detectFindings({
    pod,
    observations: entry.observations,
    events: hub.eventsOf(entry.key, uid),
    metrics: entry.samples,
    cluster: hub.clusterFacts(),
    now,
    ...(entry.prometheus ? { prometheus: entry.prometheus } : {}),
  });
  return { findings, row: toPodRow(pod, findings), fleet: fleetOf(pod, entry.latestSample()) };
}

/** Totals keep a usage of zero once a pod had one and lost it (they add and subtract): the same figures as none. */
function withUsage(fleet: FleetShare | undefined): FleetShare | undefined {
  if (!fleet) return undefined;
  const zero = { cpuMilli: 0, memoryBytes: 0 };
  return { ...fleet, sidecars: { usage: zero, ...fleet.sidecars }, mains: { usage: zero, ...fleet.mains } };
}

/** Every poll's pods derived, as `deriveMetricsInSlices` does between ticks. */
function deriveAllFigures(hub: Hub): void {
  while (!hub.deriveMetricsSome(1_000)) {
    // One slice after another.
  }
  hub.flush();
}

/** A hub that watched `scenario`'s pod (its snapshots, events and cluster version) up to the scenario's end, derived; and the pod's entry. */
function hubAfter(scenario: SeedScenario) {
  const { hub, clock } = aHub();
  for (const snapshot of scenario.snapshots) {
    clock.time = snapshot.observedAt;
    hub.applyPodEvent('MODIFIED', snapshot.pod);
  }
  for (const raw of scenario.events ?? []) hub.applyEvent(raw);
  const version = scenario.cluster?.serverVersion;
  if (version) hub.setVersion({ gitVersion: `v${version.major}.${version.minor}`, ...version });
  clock.time = scenario.now;
  hub.flush();
  const [entry] = [...hub.livePods()];
  if (!entry) throw new Error(`${scenario.name}: no pod`);
  return { hub, entry };
}

describe('a pod derived again for new samples alone', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'has the findings, row, fleet share and totals of a full derivation (%s)',
    (_name, scenario) => {
      const { hub, entry } = hubAfter(scenario);
      const { uid } = entry;
      const pod = entry.digest;
      const names = pod.containers.map((c) => c.name);
      // Around each container's own requests and limits, so that polls cross them both ways.
      const usage = (i: number) => {
        const { requests, limits } = pod.containers[i]?.resources ?? { requests: {}, limits: {} };
        const memory = limits.memoryBytes ?? requests.memoryBytes ?? 256 * MI;
        return fc.option(
          fc.record({ cpuMilli: fc.integer({ min: 0, max: 2 * (requests.cpuMilli ?? 200) }), memoryBytes: fc.integer({ min: 0, max: 2 * memory }) }),
          {
            nil: undefined,
          },
        );
      };
      const poll = fc.tuple(...names.map((_, i) => usage(i)));
      let polled = 0;
      fc.assert(
        fc.property(fc.array(poll, { minLength: 1, maxLength: 4 }), (polls) => {
          for (const usages of polls) {
            polled += 1;
            hub.applyMetrics({ available: true, items: [podMetrics(pod, scenario.now - 3_600_000 + polled * 15_000, usages, names)] });
            deriveAllFigures(hub);
            const derived = hub.pod(uid)?.derived;
            const fresh = derivedAfresh(hub, uid, scenario.now);
            expect(JSON.stringify(derived?.findings)).toBe(JSON.stringify(fresh.findings));
            expect(derived?.row).toEqual(fresh.row);
            expect(derived?.fleet).toEqual(fresh.fleet);
            expect(withUsage(hub.totals.fleet)).toEqual(withUsage(fresh.fleet));
            expect(withUsage(summaryOf(hub).workloads[0]?.fleet)).toEqual(withUsage(fresh.fleet));
            expect(hub.totals.bySeverity).toEqual(fresh.row.findings);
          }
        }),
        { numRuns: 12 },
      );
    },
  );
});

describe('a pod derived again for new Prometheus figures alone', () => {
  it.each(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'has the findings, row and totals of a full derivation (%s)',
    (_name, scenario) => {
      const { hub, entry } = hubAfter(scenario);
      const { uid, key } = entry;
      const names = entry.containers.map((c) => c.name);
      const figures = fc.record(
        {
          throttledShare: fc.double({ min: 0, max: 1, noNaN: true }),
          cfsPeriods: fc.integer({ min: 0, max: 2_000 }),
          oomEvents: fc.integer({ min: 0, max: 3 }),
          restarts: fc.integer({ min: 0, max: 2 }),
        },
        { requiredKeys: [] },
      );
      const poll = fc.option(fc.tuple(fc.constantFrom(300, 600), fc.tuple(...names.map(() => fc.option(figures, { nil: undefined })))), { nil: undefined });
      fc.assert(
        fc.property(fc.array(poll, { minLength: 1, maxLength: 4 }), (polls) => {
          for (const drawn of polls) {
            const signals = drawn && {
              at: scenario.now,
              windowSeconds: drawn[0],
              containers: Object.fromEntries(names.flatMap((name, i) => (drawn[1][i] ? [[name, drawn[1][i]]] : []))),
            };
            hub.applyPrometheusSignals(signals ? new Map([[key, signals]]) : new Map());
            deriveAllFigures(hub);
            const derived = hub.pod(uid)?.derived;
            const fresh = derivedAfresh(hub, uid, scenario.now);
            expect(JSON.stringify(derived?.findings)).toBe(JSON.stringify(fresh.findings));
            expect(derived?.row).toEqual(fresh.row);
            expect(hub.totals.bySeverity).toEqual(fresh.row.findings);
            expect(hub.totals.findingTotals().reduce((sum, t) => sum + t.count, 0)).toBe(fresh.findings.length);
          }
        }),
        { numRuns: 12 },
      );
    },
  );
});

describe('the totals after polls of many pods', () => {
  it('equal a recount of every live pod, by workload too, while pods change between polls', () => {
    const sim = simulate(['churn'], { churn: { pods: 120, updatesPerSecond: 20, namespaces: 3, podsPerDeployment: 10 } });
    const { hub, clock } = aHub({ maxDeleted: 1_000 });
    sim.store.subscribe((change) => {
      if (change.resource !== 'pods') return;
      clock.time = sim.clock.now();
      hub.applyPodEvent(change.type, change.object);
    });
    hub.flush();
    for (let poll = 0; poll < 8; poll += 1) {
      sim.run(5);
      clock.time = sim.clock.now();
      const items = sim.engine
        .churnPodMetrics()
        .map((m) => ({ metadata: { namespace: m.namespace, name: m.name }, timestamp: m.timestamp, window: m.window, containers: m.containers }));
      hub.applyMetrics({ available: true, items });
      if (poll % 2 === 0) hub.flush();
      else deriveAllFigures(hub);
    }
    deriveAllFigures(hub);
    let fleet = emptyFleet();
    const byWorkload = new Map<string, ReturnType<typeof emptyFleet>>();
    let counted = 0;
    for (const entry of hub.livePods()) {
      const fresh = derivedAfresh(hub, entry.uid, clock.time);
      expect(entry.derived?.fleet).toEqual(fresh.fleet);
      expect(entry.derived?.row).toEqual(fresh.row);
      if (entry.sampleCount > 0) counted += 1;
      fleet = addFleet(fleet, fresh.fleet);
      const key = `${entry.namespace}/${entry.workload.name}`;
      byWorkload.set(key, addFleet(byWorkload.get(key) ?? emptyFleet(), fresh.fleet));
    }
    expect(counted).toBeGreaterThan(100);
    expect(hub.totals.fleet.sidecars.usage?.memoryBytes).toBeGreaterThan(0);
    expect(withUsage(hub.totals.fleet)).toEqual(withUsage(fleet));
    const workloads = summaryOf(hub).workloads;
    expect(workloads.length).toBe(byWorkload.size);
    for (const w of workloads) expect(withUsage(w.fleet)).toEqual(withUsage(byWorkload.get(`${w.namespace}/${w.workload.name}`)));
  });
});

describe('a pod whose findings may change with time alone', () => {
  it('is judged again on time while metrics polls keep coming', () => {
    const { hub, clock, pod } = aHub({ recheckEveryMs: 15_000 });
    const waitingPod = pod({
      name: 'vault-wait',
      initContainers: [aContainer('vault', { ports: [8200] })],
      containers: [aContainer('app')],
      statuses: [aStatus('vault', running(at(0))), aStatus('app', waiting('PodInitializing'))],
    });
    clock.time = ms(20);
    hub.applyPodEvent('ADDED', waitingPod);
    hub.flush();
    expect(hub.pod('uid-default-vault-wait')?.derived?.row.findingIds).not.toContain('init-never-completes');
    // A poll every 10 s, each sample derived before the next: the recheck (15 s) must still come.
    for (let t = 30; t <= 150; t += 10) {
      clock.time = ms(t);
      hub.flush();
      hub.applyMetrics({
        available: true,
        items: [podMetrics({ namespace: 'default', name: 'vault-wait' }, ms(t), [{ cpuMilli: 5, memoryBytes: MI }], ['vault'])],
      });
      deriveAllFigures(hub);
    }
    expect(hub.pod('uid-default-vault-wait')?.derived?.row.findingIds).toContain('init-never-completes');
  });
});

describe('a Prometheus poll whose figures moved for many pods', () => {
  it('is judged again within the flush budget and in slices after it, not all in the next flush', () => {
    // Each read of the work clock costs 5 ms: the budget of 10 ms admits two pods per flush.
    let work = 0;
    const { hub, pod } = aHub({ deferrableBudgetMs: 10, workClock: () => (work += 5) });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    hub.applyPodList(
      '*',
      names.map((name) => pod({ name, initContainers: [aContainer('proxy', { restartPolicy: 'Always', limits: { cpu: '100m' } })] })),
    );
    hub.takeChanges();
    const throttled = { at: 0, windowSeconds: 600, containers: { proxy: { throttledShare: 0.9, cfsPeriods: 6_000 } } };
    hub.applyPrometheusSignals(new Map(names.map((name) => [`default/${name}`, throttled])));
    expect(hub.metricsBacklog).toBe(6);
    expect([...hub.takeChanges().changed]).toEqual(['uid-default-a', 'uid-default-b']);
    expect(hub.metricsBacklog).toBe(4);
    deriveAllFigures(hub);
    expect(hub.metricsBacklog).toBe(0);
    for (const name of names) expect(hub.pod(`uid-default-${name}`)?.derived?.row.findingIds).toContain('sidecar-cpu-throttled');
  });
});
