import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, at, ms, running } from './testing/builders';
import type { ContainerKind, Finding, Lane, PodLifecycle, Stamp } from './types';
import type { PodRow } from './views';
import {
  groupFindings,
  isSlowReplica,
  laneDurations,
  readyAfterMs,
  toCompactLanes,
  toContainerStartupStats,
  toDurationStats,
  toHistogram,
  toReplicaStartups,
  type ReplicaInput,
} from './workload-startup';

const stamp = (second: number): Stamp => ({ at: ms(second), source: 'observed', resolutionMs: 1 });

function aLane(container: string, kind: ContainerKind, times: { run?: number; started?: number; ready?: number } = {}): Lane {
  return {
    container,
    kind,
    image: `example.com/${container}:1`,
    segments: times.run === undefined ? [] : [{ state: 'ready', from: stamp(times.run) }],
    markers: [],
    restartCount: 0,
    ...(times.run === undefined ? {} : { firstRunningAt: stamp(times.run) }),
    ...(times.started === undefined ? {} : { startedAt: stamp(times.started) }),
    ...(times.ready === undefined ? {} : { readyAt: stamp(times.ready) }),
  };
}

function aReplica(name: string, startSecond: number, lanes: Lane[], tax?: number, findings: Finding[] = []): ReplicaInput {
  const pod = aDigest({
    name,
    startTime: at(startSecond),
    createdAt: at(startSecond - 1),
    containers: [aContainer('app')],
    statuses: [aStatus('app', running(at(startSecond + 1)))],
  });
  const lifecycle: PodLifecycle = { uid: pod.uid, namespace: pod.namespace, name, lanes, markers: [], from: ms(startSecond), startupOrder: [] };
  const row = {
    uid: pod.uid,
    namespace: pod.namespace,
    name,
    workload: pod.workload,
    phase: 'Running',
    status: 'Running',
    ready: '1/1',
    restarts: 0,
    deleted: false,
    containers: [],
    findings: { critical: 0, warning: findings.length, info: 0 },
    findingIds: [],
  } satisfies PodRow;
  return { pod, lifecycle, row, findings, ...(tax === undefined ? {} : { startupTaxMs: tax }) };
}

describe('toHistogram', () => {
  it.each([
    { values: [], bins: [] },
    { values: [0], bins: [[0, 10, 1]] },
    { values: [5, 5, 7], bins: [[0, 10, 3]] },
    {
      values: [100, 200, 1500],
      bins: [
        [0, 200, 1],
        [200, 400, 1],
        [400, 600, 0],
        [600, 800, 0],
        [800, 1000, 0],
        [1000, 1200, 0],
        [1200, 1400, 0],
        [1400, 1600, 1],
      ],
    },
    {
      values: [4_100, 4_900, 9_200],
      maxBins: 6,
      bins: [
        [4_000, 5_000, 2],
        [5_000, 6_000, 0],
        [6_000, 7_000, 0],
        [7_000, 8_000, 0],
        [8_000, 9_000, 0],
        [9_000, 10_000, 1],
      ],
    },
    { values: [Number.NaN, -5, 30], bins: [[30, 40, 1]] },
  ] as { values: number[]; maxBins?: number; bins: number[][] }[])('bins $values into readable, contiguous, equal-width bins', ({ values, maxBins, bins }) => {
    expect(toHistogram(values, maxBins).map((b) => [b.fromMs, b.toMs, b.count])).toEqual(bins);
  });

  it('never makes more bins than asked', () => {
    const values = Array.from({ length: 500 }, (_, i) => i * 1_234);
    expect(toHistogram(values, 12).length).toBeLessThanOrEqual(12);
    expect(toHistogram(values, 12).reduce((sum, b) => sum + b.count, 0)).toBe(500);
  });
});

describe('toDurationStats', () => {
  it('gives nearest-rank p50, p95, p99 and the slowest', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 100);
    const stats = toDurationStats(values);
    expect([stats.samples, stats.p50, stats.p95, stats.p99, stats.max]).toEqual([100, 5_000, 9_500, 9_900, 10_000]);
  });

  it('has no percentiles without samples', () => {
    expect(toDurationStats([])).toEqual({ samples: 0, bins: [] });
  });
});

describe('isSlowReplica', () => {
  it.each([
    { value: 9_000, median: 1_100, slow: true },
    { value: 2_100, median: 1_000, slow: false }, // twice the median but only 1.1 s more
    { value: 5_000, median: 3_000, slow: false }, // 2 s more but not twice
    { value: 6_000, median: 3_000, slow: true },
    { value: undefined, median: 3_000, slow: false },
    { value: 6_000, median: undefined, slow: false },
  ])('$value ms against a median of $median ms is slow: $slow', ({ value, median, slow }) => {
    expect(isSlowReplica(value, median)).toBe(slow);
  });
});

describe('toReplicaStartups', () => {
  const replicas = [
    aReplica('web-a', 10, [aLane('app', 'main', { run: 11, started: 11, ready: 13 })], 1_000),
    aReplica('web-b', 20, [aLane('app', 'main', { run: 21, started: 21, ready: 24 })], 1_200),
    aReplica('web-c', 30, [aLane('app', 'main', { run: 39, started: 39, ready: 45 })], 9_000),
    aReplica('web-d', 40, [aLane('app', 'main', { run: 41, started: 41, ready: 42 })], 1_100),
  ];

  it('aligns every replica at its own pod start and marks only the one far slower than the median', () => {
    const out = toReplicaStartups(replicas, 10);
    expect(out.map((r) => [r.name, r.isSlow])).toEqual([
      ['web-c', true],
      ['web-b', false],
      ['web-d', false],
      ['web-a', false],
    ]);
    expect(out.map((r) => r.t0)).toEqual([ms(30), ms(20), ms(40), ms(10)]);
    expect(out[0]?.readyAfterMs).toBe(15_000);
  });

  it('keeps the slowest when bounded', () => {
    expect(toReplicaStartups(replicas, 2).map((r) => r.name)).toEqual(['web-c', 'web-b']);
  });

  it('calls nobody slow with fewer than three measured replicas', () => {
    expect(toReplicaStartups(replicas.slice(1, 3), 10).some((r) => r.isSlow)).toBe(false);
  });
});

describe('laneDurations and readyAfterMs', () => {
  it("measure from the container's first run to started and to ready", () => {
    expect(laneDurations(aLane('app', 'main', { run: 5, started: 7, ready: 9 }))).toEqual({
      startedMs: 2_000,
      readyMs: 4_000,
      startedResolutionMs: 1,
      readyResolutionMs: 1,
    });
    const reportedRun = { ...aLane('app', 'main', { run: 5, ready: 9 }), firstRunningAt: { at: ms(5), source: 'reported' as const, resolutionMs: 1000 } };
    expect(laneDurations(reportedRun)).toEqual({ readyMs: 4_000, readyResolutionMs: 1000 });
    expect(laneDurations(aLane('app', 'main', { run: 5 }))).toEqual({});
    expect(laneDurations(aLane('app', 'main'))).toEqual({});
  });

  it('count the pod ready once every non-init container is', () => {
    const lanes = [
      aLane('setup', 'init', { run: 1 }),
      aLane('proxy', 'native-sidecar', { run: 2, started: 3, ready: 4 }),
      aLane('app', 'main', { run: 3, started: 3, ready: 8 }),
    ];
    const lifecycle: PodLifecycle = { uid: 'u', namespace: 'n', name: 'p', lanes, markers: [], startupOrder: [] };
    expect(readyAfterMs(lifecycle, ms(0))).toBe(8_000);
    expect(readyAfterMs({ ...lifecycle, lanes: [...lanes, aLane('late', 'main', { run: 3 })] }, ms(0))).toBeUndefined();
  });
});

describe('toContainerStartupStats', () => {
  it('gathers each container across replicas, init containers left out, points oldest first', () => {
    const stats = toContainerStartupStats([
      aReplica('b', 20, [aLane('setup', 'init', { run: 20 }), aLane('app', 'main', { run: 21, started: 21, ready: 26 })]),
      aReplica('a', 10, [aLane('setup', 'init', { run: 10 }), aLane('app', 'main', { run: 11, started: 11, ready: 13 })]),
    ]);
    expect(stats.map((s) => s.container)).toEqual(['app']);
    expect(stats[0]?.toReady.samples).toBe(2);
    expect(stats[0]?.toReady.max).toBe(5_000);
    expect(stats[0]?.toReady.resolutionMs).toBe(1);
    expect(stats[0]?.points.map((p) => [p.at, p.readyMs])).toEqual([
      [ms(10), 2_000],
      [ms(20), 5_000],
    ]);
  });
});

describe('toCompactLanes', () => {
  it('keeps only restarts, OOM kills, probe failures and kills among the markers', () => {
    const lane = {
      ...aLane('app', 'main', { run: 1 }),
      markers: (['started', 'restart', 'ready', 'oom-killed', 'probe-failed', 'event'] as const).map((kind) => ({ kind, at: stamp(2), label: kind })),
    };
    expect(toCompactLanes([lane])[0]?.markers.map((m) => m.kind)).toEqual(['restart', 'oom-killed', 'probe-failed']);
  });
});

describe('groupFindings', () => {
  const finding = (pod: string, id: Finding['id'], severity: Finding['severity'], container?: string): Finding => ({
    id,
    severity,
    namespace: 'shop',
    pod,
    podUid: `uid-${pod}`,
    message: `${id} on ${pod}`,
    explanation: '',
    evidence: [],
    fix: '',
    ...(container ? { container } : {}),
  });

  it('counts pods per id, keeps the worst severity and a few pods to open', () => {
    const groups = groupFindings(
      [
        [
          finding('a', 'legacy-sidecar', 'info', 'envoy'),
          finding('a', 'sidecar-crashloop', 'warning', 'envoy'),
          finding('a', 'sidecar-crashloop', 'warning', 'fluent-bit'),
        ],
        [finding('b', 'legacy-sidecar', 'info', 'envoy'), finding('b', 'sidecar-crashloop', 'critical', 'envoy')],
        [finding('c', 'legacy-sidecar', 'info', 'envoy')],
      ],
      2,
    );
    expect(groups.map((g) => [g.id, g.severity, g.pods])).toEqual([
      ['sidecar-crashloop', 'critical', 2],
      ['legacy-sidecar', 'info', 3],
    ]);
    expect(groups[0]?.containers).toEqual(['envoy', 'fluent-bit']);
    expect(groups[0]?.message).toBe('sidecar-crashloop on b');
    expect(groups[1]?.examples.map((e) => e.name)).toEqual(['a', 'b']);
  });
});
