import { afterEach, describe, expect, it, vi } from 'vitest';
import * as findings from '../model/findings';
import * as lifecycle from '../model/lifecycle';
import { summaryOf, detailOf } from './hub-views';
import { aHub, withFindings } from './testing/hub-fixture';
import { aContainer, aPod, aStatus, at, ownedBy, running, T0, type PodOptions } from '../model/testing/builders';
import { Hub } from './hub';
import type { MetricsSample } from '../model/types';
import { applyMetricsInSlices, deriveMetricsInSlices } from './live-source';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Hub', () => {
  it('tracks every pod of the first list and becomes ready', () => {
    const { hub, pod } = aHub();
    expect(hub.isReady()).toBe(false);
    hub.applyPodList('*', [pod({ name: 'a', phase: 'Running' }), pod({ name: 'b', namespace: 'x', phase: 'Pending' })]);
    hub.setLoopStatus('pods:*', { state: 'connected' });
    const summary = summaryOf(hub);
    expect(summary.pods).toEqual({ total: 2, byPhase: { Running: 1, Pending: 1 }, namespaces: 2 });
    expect(hub.isReady()).toBe(true);
  });

  it('moves rowsVersion when a row is added, changed or dropped, and only then', () => {
    const { hub, pod, clock } = aHub({ retentionMs: 1_000 });
    hub.applyPodList('*', [pod({ name: 'a' }), pod({ name: 'b' })]);
    hub.flush();
    let version = hub.rowsVersion;
    const moved = () => {
      hub.flush();
      const did = hub.rowsVersion !== version;
      version = hub.rowsVersion;
      return did;
    };
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2' }));
    expect(moved()).toBe(false);
    hub.applyMetrics({
      available: true,
      items: [
        {
          metadata: { namespace: 'default', name: 'a' },
          timestamp: '2024-01-01T00:00:00Z',
          window: '15s',
          containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
        },
      ],
    });
    expect(moved()).toBe(false);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '3', phase: 'Running' }));
    expect(moved()).toBe(true);
    hub.applyPodEvent('ADDED', pod({ name: 'c' }));
    expect(moved()).toBe(true);
    hub.applyPodEvent('DELETED', pod({ name: 'b', resourceVersion: '4' }));
    expect(moved()).toBe(true);
    clock.time += 2_000;
    expect(moved()).toBe(true);
    expect(moved()).toBe(false);
  });

  it('derives only the pods that changed, and nothing for a resent resourceVersion', () => {
    const { hub, pod } = aHub();
    hub.applyPodList('*', [pod({ name: 'a' }), pod({ name: 'b' }), pod({ name: 'c' })]);
    hub.flush();
    const derivations = vi.spyOn(lifecycle, 'deriveLifecycle');
    hub.applyPodEvent('MODIFIED', pod({ name: 'b', resourceVersion: '2', phase: 'Running' }));
    hub.applyPodList('*', [pod({ name: 'a' }), pod({ name: 'b', resourceVersion: '2', phase: 'Running' }), pod({ name: 'c' })]);
    hub.flush();
    expect(derivations.mock.calls.map(([input]) => input.pod.name)).toEqual(['b']);
  });

  it('judges a pod that changes nothing again as time passes: a plain init container serving for a minute', () => {
    // Found on the real kubelet (test/cluster/README.md): a pod stuck in Init never changes, so a
    // rule that reads the time since it started must be run again without a change to fire.
    const { hub, clock, pod } = aHub();
    const stuck = pod({
      name: 'cron',
      phase: 'Pending',
      initContainers: [aContainer('slow-sidecar', { ports: [8081] })],
      containers: [aContainer('sidecar-user')],
      statuses: [aStatus('slow-sidecar', running(at(0), { ready: false }))],
    });
    const healthy = pod({ name: 'web', phase: 'Running', statuses: [aStatus('app', running(at(0)))] });
    clock.time = T0 + 10_000;
    hub.applyPodList('*', [stuck, healthy]);
    hub.flush();
    const findingIds = () => detailOf(hub, 'default', 'cron')?.findings.map((f) => f.id) ?? [];
    expect(findingIds()).not.toContain('init-never-completes');
    expect(hub.recheckBacklog).toBe(1);

    const derivations = vi.spyOn(lifecycle, 'deriveLifecycle');
    clock.time = T0 + 61_000;
    hub.flush();
    expect(findingIds()).toContain('init-never-completes');
    expect(summaryOf(hub).findings.byId['init-never-completes']).toBe(1);
    // Only the unsettled pod was judged again; the running, ready one was left alone.
    expect(derivations.mock.calls.map(([input]) => input.pod.name).filter((name) => name !== undefined)).not.toContain('web');
  });

  it('judges again at most recheckPerFlush pods a flush, and none before recheckEveryMs', () => {
    const { hub, clock, pod } = aHub({ recheckEveryMs: 30_000, recheckPerFlush: 2 });
    const pending = (name: string) => pod({ name, phase: 'Pending', statuses: [aStatus('app', running(at(0), { ready: false }))] });
    hub.applyPodList('*', [pending('a'), pending('b'), pending('c')]);
    hub.flush();
    const derivations = vi.spyOn(lifecycle, 'deriveLifecycle');
    clock.time += 29_000;
    hub.flush();
    expect(derivations).not.toHaveBeenCalled();
    clock.time += 1_000;
    hub.flush();
    expect(derivations).toHaveBeenCalledTimes(2);
    hub.flush();
    expect(derivations).toHaveBeenCalledTimes(3);
    expect(hub.recheckBacklog).toBe(3);
  });

  it('leaves a running, ready pod alone when its findings do not change with time (a legacy sidecar)', () => {
    const { hub, clock, pod } = aHub();
    hub.applyPodList('*', [
      pod({ name: 'mesh', phase: 'Running', ...withFindings.legacySidecar, statuses: [aStatus('envoy', running(at(0))), aStatus('app', running(at(5)))] }),
    ]);
    hub.flush();
    expect(detailOf(hub, 'default', 'mesh')?.findings.map((f) => f.id)).toEqual(['legacy-sidecar']);
    expect(hub.recheckBacklog).toBe(0);
    const derivations = vi.spyOn(lifecycle, 'deriveLifecycle');
    clock.time += 3_600_000;
    hub.flush();
    expect(derivations).not.toHaveBeenCalled();
  });

  it('records when it observed a transition, by its own clock', () => {
    const { hub, clock, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', phase: 'Pending' }));
    clock.time += 1234;
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2', phase: 'Running' }));
    const observed = hub.pod('uid-default-a')?.observations?.transitions.filter((t) => t.detail === 'Running');
    expect(observed?.map((t) => t.at)).toEqual([clock.time]);
  });

  it('counts findings incrementally as pods gain and lose them', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', ...withFindings.crashLooping }));
    hub.applyPodEvent('ADDED', pod({ name: 'b', ...withFindings.legacySidecar }));
    expect(summaryOf(hub).findings).toEqual({ bySeverity: { critical: 1, warning: 0, info: 1 }, byId: { 'sidecar-crashloop': 1, 'legacy-sidecar': 1 } });
    expect(summaryOf(hub).troubled.map((f) => f.pod)).toEqual(['a']);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2', ...withFindings.healthy }));
    expect(summaryOf(hub).findings).toEqual({ bySeverity: { critical: 0, warning: 0, info: 1 }, byId: { 'legacy-sidecar': 1 } });
    expect(summaryOf(hub).troubled).toEqual([]);
  });

  it('keeps a deleted pod for its timeline but takes it out of the totals', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', ...withFindings.oomKilled }));
    expect(summaryOf(hub).findings.bySeverity.critical).toBe(1);
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '2', ...withFindings.oomKilled }));
    const summary = summaryOf(hub);
    expect(summary.pods.total).toBe(0);
    expect(summary.findings.bySeverity.critical).toBe(0);
    const detail = detailOf(hub, 'default', 'a');
    expect(detail?.row.deleted).toBe(true);
    expect(detail?.digest.name).toBe('a');
  });

  it('treats pods missing from a relist as deleted, only within the relisted scope', () => {
    const { hub, pod } = aHub();
    hub.applyPodList('*', [pod({ name: 'a', namespace: 'x' }), pod({ name: 'b', namespace: 'y' })]);
    hub.applyPodList('x', []);
    expect([...hub.livePods()].map((p) => p.key)).toEqual(['y/b']);
    expect([...hub.deletedPods()].map((p) => p.uid)).toEqual(['uid-x-a']);
  });

  it('drops deleted pods after the retention window and reports them removed', () => {
    const { hub, clock, pod } = aHub({ retentionMs: 60_000 });
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '2' }));
    hub.takeChanges();
    clock.time += 59_000;
    expect(hub.takeChanges().removes).toEqual([]);
    clock.time += 2_000;
    expect(hub.takeChanges().removes).toEqual(['uid-default-a']);
    expect(detailOf(hub, 'default', 'a')).toBeUndefined();
  });

  it('caps retained deleted pods by count, oldest first', () => {
    const { hub, pod } = aHub({ maxDeleted: 2 });
    for (const name of ['a', 'b', 'c']) {
      hub.applyPodEvent('ADDED', pod({ name }));
      hub.applyPodEvent('DELETED', pod({ name, resourceVersion: '2' }));
    }
    expect([...hub.deletedPods()].map((p) => p.uid)).toEqual(['uid-default-b', 'uid-default-c']);
    expect(hub.pod('uid-default-a')).toBeUndefined();
  });

  it('serves an older incarnation by uid after a pod of the same name replaced it', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'db-0', uid: 'old' }));
    hub.applyPodEvent('ADDED', pod({ name: 'db-0', uid: 'new' }));
    expect(detailOf(hub, 'default', 'db-0')?.digest.uid).toBe('new');
    expect(detailOf(hub, 'default', 'db-0', 'old')?.row.deleted).toBe(true);
    expect(detailOf(hub, 'other', 'db-0', 'old')).toBeUndefined();
  });

  it('attaches events to their pod, deduplicated and bounded', () => {
    const { hub, pod } = aHub({ maxEventsPerPod: 3 });
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    const event = (i: number, uid = `e${i}`) => ({
      metadata: { uid, namespace: 'default', name: `a.${i}` },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-default-a' },
      reason: `R${i}`,
      message: 'm',
      type: 'Normal',
      count: i,
    });
    for (const i of [1, 2, 3, 4]) hub.applyEvent(event(i));
    hub.applyEvent(event(5, 'e4'));
    expect(detailOf(hub, 'default', 'a')?.events.map((e) => e.reason)).toEqual(['R2', 'R3', 'R5']);
  });

  it('says why metrics are missing, and keeps samples only for the history window', () => {
    const { hub, pod } = aHub({ metricsHistoryMs: 60_000 });
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    hub.applyMetrics({ available: false, reason: 'metrics.k8s.io is not served' });
    expect(summaryOf(hub).metrics).toEqual({ available: false, reason: 'metrics.k8s.io is not served' });
    const sample = (t: string) => ({
      metadata: { namespace: 'default', name: 'a' },
      timestamp: t,
      window: '15s',
      containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
    });
    for (const t of ['2024-01-01T00:00:00Z', '2024-01-01T00:00:30Z', '2024-01-01T00:01:30Z']) hub.applyMetrics({ available: true, items: [sample(t)] });
    expect(summaryOf(hub).metrics.available).toBe(true);
    const points = detailOf(hub, 'default', 'a')?.metrics[0]?.points ?? [];
    expect(points.map((p) => new Date(p.at).toISOString())).toEqual(['2024-01-01T00:00:30.000Z', '2024-01-01T00:01:30.000Z']);
  });
});

describe('Hub metrics budget', () => {
  it('shares the sample budget among the live pods, keeping the newest, however long the history window', () => {
    const { hub, pod } = aHub({ metricsMaxSamples: 12, metricsHistoryMs: 86_400_000 });
    const sample = (name: string, minute: number) => ({
      metadata: { namespace: 'default', name },
      timestamp: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
      window: '15s',
      containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
    });
    const kept = (name: string) => (detailOf(hub, 'default', name)?.metrics[0]?.points ?? []).map((p) => new Date(p.at).getUTCMinutes());
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    for (let minute = 0; minute < 20; minute += 1) hub.applyMetrics({ available: true, items: [sample('a', minute)] });
    expect(kept('a')).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    hub.applyPodEvent('ADDED', pod({ name: 'b' }));
    hub.applyPodEvent('ADDED', pod({ name: 'c' }));
    hub.applyMetrics({ available: true, items: [sample('a', 20), sample('b', 20), sample('c', 20)] });
    expect(hub.samplesPerPod()).toBe(4);
    expect(kept('a')).toEqual([17, 18, 19, 20]);
    expect(kept('b')).toEqual([20]);
  });

  it('keeps the budget as a bound when the pods outnumber it: the newest sample of each pod, no more', () => {
    const { hub, pod } = aHub({ metricsMaxSamples: 5, metricsHistoryMs: 86_400_000 });
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const name of names) hub.applyPodEvent('ADDED', pod({ name }));
    for (let minute = 0; minute < 3; minute += 1)
      hub.applyMetrics({
        available: true,
        items: names.map((name) => ({
          metadata: { namespace: 'default', name },
          timestamp: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
          window: '15s',
          containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
        })),
      });
    expect(hub.samplesPerPod()).toBe(1);
    for (const name of names) expect((detailOf(hub, 'default', name)?.metrics[0]?.points ?? []).map((p) => new Date(p.at).getUTCMinutes())).toEqual([2]);
  });
});

describe('Hub metrics samples in the history', () => {
  const recording = () => {
    const recorded: { uid: string; at: number; app?: { cpuMilli: number; memoryBytes: number } }[] = [];
    const history = {
      podSeen: () => undefined,
      podDeleted: () => undefined,
      event: () => undefined,
      findings: () => undefined,
      sample: (uid: string, sample: MetricsSample) => void recorded.push({ uid, at: sample.at, app: sample.containers.app }),
    };
    return { history, recorded };
  };
  /** Polls every 15 s for 2.5 minutes from a whole minute of the hub's clock; the samples' own times are the poll's. */
  const pollEvery15s = (
    overrides: { historySampleEveryMs?: number },
    usage: (i: number) => { cpu: string; memory: string } = () => ({ cpu: '5m', memory: '1Mi' }),
  ) => {
    const { history, recorded } = recording();
    const { hub, pod, clock } = aHub({ history, ...overrides });
    clock.time = Math.ceil(clock.time / 60_000) * 60_000;
    const start = clock.time;
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    for (let i = 0; i <= 10; i += 1) {
      clock.time = start + i * 15_000;
      hub.applyMetrics({
        available: true,
        items: [
          {
            metadata: { namespace: 'default', name: 'a' },
            timestamp: new Date(clock.time).toISOString(),
            window: '15s',
            containers: [{ name: 'app', usage: usage(i) }],
          },
        ],
      });
    }
    const live = (detailOf(hub, 'default', 'a')?.metrics[0]?.points ?? []).map((p) => (p.at - start) / 1000);
    return { live, recorded: recorded.map((r) => (r.at - start) / 1000), summaries: recorded.map((r) => r.app) };
  };

  it('records the first poll of each minute by default, while the live view keeps every poll', () => {
    const { live, recorded } = pollEvery15s({});
    expect(live).toEqual([0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150]);
    expect(recorded).toEqual([0, 60, 120]);
  });

  it('records the minute as mean CPU and highest memory, so a peak between recorded polls is kept', () => {
    // CPU 10m, 20m, 30m, 40m...; memory 1Mi except 9Mi at 30 s.
    const { summaries } = pollEvery15s({}, (i) => ({ cpu: `${(i + 1) * 10}m`, memory: i === 2 ? '9Mi' : '1Mi' }));
    expect(summaries[0]).toEqual({ cpuMilli: 10, memoryBytes: 1024 ** 2 });
    // The minute ending at 60 s: the polls at 15, 30, 45 and 60 s.
    expect(summaries[1]).toEqual({ cpuMilli: (20 + 30 + 40 + 50) / 4, memoryBytes: 9 * 1024 ** 2 });
    expect(summaries[2]).toEqual({ cpuMilli: (60 + 70 + 80 + 90) / 4, memoryBytes: 1024 ** 2 });
  });

  it("records every poll when the interval is the poll's", () => {
    expect(pollEvery15s({ historySampleEveryMs: 15_000 }).recorded).toEqual([0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150]);
  });
});

describe('Hub changes: pods new to the list', () => {
  it('names a pod added once, not when it changes in place or is deleted', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    expect([...hub.takeChanges().added]).toEqual(['uid-default-a']);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2', phase: 'Running' }));
    const modified = hub.takeChanges();
    expect(modified.upserts.map((r) => r.name)).toEqual(['a']);
    expect([...modified.added]).toEqual([]);
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '3' }));
    expect([...hub.takeChanges().added]).toEqual([]);
  });
});

/** A PodMetrics sample of pod `name` in `default`: 5m of CPU and 1Mi for its app container. */
const sample = (name: string) => ({
  metadata: { namespace: 'default', name },
  timestamp: '2024-01-01T00:00:00Z',
  window: '15s',
  containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
});

describe('Hub changes after a metrics poll', () => {
  it('tells pod pages but not lists: a new sample does not change a row', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    expect(hub.takeChanges().upserts.map((r) => r.name)).toEqual(['a']);
    const sample = {
      metadata: { namespace: 'default', name: 'a' },
      timestamp: '2024-01-01T00:00:00Z',
      window: '15s',
      containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }],
    };
    hub.applyMetrics({ available: true, items: [sample] });
    const changes = hub.takeChanges();
    expect(changes.upserts).toEqual([]);
    expect([...changes.changed]).toEqual(['uid-default-a']);
  });

  it('derives pods with new samples a batch per flush, after the pods whose status changed', () => {
    const { hub, pod } = aHub({ metricsDerivePerFlush: 2 });
    const names = ['a', 'b', 'c', 'd', 'e'];
    hub.applyPodList(
      '*',
      names.map((name) => pod({ name })),
    );
    hub.takeChanges();
    hub.applyMetrics({ available: true, items: names.map(sample) });
    hub.applyPodEvent('MODIFIED', pod({ name: 'e', resourceVersion: '2', phase: 'Running' }));
    expect(hub.metricsBacklog).toBe(4);
    const lifecycles = vi.spyOn(lifecycle, 'deriveLifecycle');
    const judged = vi.spyOn(findings, 'samplesLeaveFindings');
    const first = hub.takeChanges();
    expect(lifecycles.mock.calls.map(([input]) => input.pod.name)).toEqual(['e']);
    expect(judged).toHaveBeenCalledTimes(2);
    expect(first.upserts.map((r) => r.name)).toEqual(['e']);
    expect([...first.changed]).toEqual(['uid-default-e', 'uid-default-a', 'uid-default-b']);
    expect([...hub.takeChanges().changed]).toEqual(['uid-default-c', 'uid-default-d']);
    expect(hub.metricsBacklog).toBe(0);
    expect(hub.takeChanges().changed.size).toBe(0);
  });

  it('spends at most its budget of work on pods with new samples alone, and derives every pod whose status changed', () => {
    // Each read of the work clock costs 5 ms: the budget of 10 ms admits two pods with new samples.
    let work = 0;
    const { hub, pod } = aHub({ deferrableBudgetMs: 10, workClock: () => (work += 5) });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    hub.applyPodList(
      '*',
      names.map((name) => pod({ name })),
    );
    hub.takeChanges();
    hub.applyMetrics({ available: true, items: names.slice(0, 4).map(sample) });
    hub.applyPodEvent('MODIFIED', pod({ name: 'e', resourceVersion: '2', phase: 'Running' }));
    hub.applyPodEvent('MODIFIED', pod({ name: 'f', resourceVersion: '2', phase: 'Running' }));
    const first = hub.takeChanges();
    expect(first.upserts.map((r) => r.name)).toEqual(['e', 'f']);
    expect([...first.changed]).toEqual(['uid-default-e', 'uid-default-f', 'uid-default-a', 'uid-default-b']);
    expect(hub.metricsBacklog).toBe(2);
    expect([...hub.takeChanges().changed]).toEqual(['uid-default-c', 'uid-default-d']);
    expect(hub.metricsBacklog).toBe(0);
  });
});

describe('Hub summary of workloads', () => {
  it('puts workloads with critical findings first', () => {
    const { hub, pod } = aHub();
    const owned = (name: string, options: PodOptions = {}) => pod({ name, ...options, owner: ownedBy('Job', name.split('-')[0] ?? name) });
    hub.applyPodList('*', [owned('big-1'), owned('big-2'), owned('bad-1', withFindings.crashLooping)]);
    expect(summaryOf(hub).workloads.map((w) => [w.workload.name, w.pods])).toEqual([
      ['bad', 1],
      ['big', 2],
    ]);
  });

  it("gives a workload's startup tax as nearest-rank p50 and p95 of its live pods", () => {
    const { hub, pod } = aHub();
    const started = (name: string, seconds: number) => pod({ name, owner: ownedBy('Job', 'batch'), statuses: [aStatus('app', running(at(seconds)))] });
    hub.applyPodList('*', [started('batch-1', 2), started('batch-2', 4), started('batch-3', 9), started('batch-4', 20)]);
    expect(summaryOf(hub).workloads[0]?.startupTaxMs).toEqual({ p50: 4_000, p95: 20_000, samples: 4 });
    hub.applyPodEvent('DELETED', started('batch-4', 20));
    expect(summaryOf(hub).workloads[0]?.startupTaxMs).toEqual({ p50: 4_000, p95: 9_000, samples: 3 });
  });
});

describe('Hub with the real model, after a metrics poll', () => {
  it('raises and clears a usage finding without deriving the lifecycle again, and counts it in the summary', () => {
    let time = Date.parse('2024-01-01T00:10:00Z');
    const hub = new Hub({ now: () => time, cluster: { name: 't', mode: 'demo' }, retentionMs: 60_000, maxDeleted: 10, metricsHistoryMs: 3_600_000 });
    hub.applyPodList('*', [
      aPod({
        name: 'web',
        containers: [aContainer('app'), aContainer('istio-proxy', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } })],
      }),
    ]);
    hub.takeChanges();
    const poll = (memory: string) => {
      time += 15_000;
      hub.applyMetrics({
        available: true,
        items: [
          {
            metadata: { namespace: 'default', name: 'web' },
            timestamp: new Date(time).toISOString(),
            window: '15s',
            containers: [{ name: 'istio-proxy', usage: { cpu: '5m', memory } }],
          },
        ],
      });
      return hub.takeChanges();
    };
    const near = () =>
      hub
        .pod('uid-default-web')
        ?.derived?.findings.filter((f) => f.id === 'sidecar-near-memory-limit')
        .map((f) => f.message);
    const raised = poll('250Mi');
    expect(near()).toEqual(['istio-proxy uses 98% of its memory limit (250Mi of 256Mi)']);
    expect(raised.upserts.map((r) => r.findingIds.includes('sidecar-near-memory-limit'))).toEqual([true]);
    expect(summaryOf(hub).findings.byId['sidecar-near-memory-limit']).toBe(1);
    poll('20Mi');
    expect(near()).toEqual([]);
    expect(summaryOf(hub).findings.byId['sidecar-near-memory-limit'] ?? 0).toBe(0);
  });
});

/** A hub of nine listed pods whose work clock costs 10 ms a read, its changes taken. */
function nineListedPods() {
  let work = 0;
  const { hub, pod } = aHub({ workClock: () => (work += 10) });
  const names = Array.from({ length: 9 }, (_, i) => `p${i}`);
  hub.applyPodList(
    '*',
    names.map((name) => pod({ name })),
  );
  hub.takeChanges();
  return { hub, names };
}

describe('applyMetricsInSlices and deriveMetricsInSlices', () => {
  it('applies a large poll a slice at a time, letting other work run between slices, and keeps every sample', async () => {
    const { hub, pod } = aHub();
    const names = Array.from({ length: 7 }, (_, i) => `p${i}`);
    hub.applyPodList(
      '*',
      names.map((name) => pod({ name })),
    );
    const items = names.map(sample);
    const sampled = () => names.filter((name) => (hub.pod(`uid-default-${name}`)?.samples.length ?? 0) > 0).length;
    const poll = applyMetricsInSlices(hub, { available: true, items }, 3);
    expect(sampled()).toBe(3);
    await poll;
    expect(sampled()).toBe(7);
    expect(summaryOf(hub).metrics.available).toBe(true);
  });

  it('derives the pods given new samples in slices of work, yielding between them, until none are left', async () => {
    // Each derivation reads the work clock once past the first read: 10 ms a pod, 25 ms a slice.
    const { hub, names } = nineListedPods();
    const items = names.map(sample);
    await applyMetricsInSlices(hub, { available: true, items });
    expect(hub.metricsBacklog).toBe(9);
    const backlogAtYields: number[] = [];
    await deriveMetricsInSlices(hub, 25, () => {
      backlogAtYields.push(hub.metricsBacklog);
      return Promise.resolve();
    });
    expect(hub.metricsBacklog).toBe(0);
    // Three pods a slice (the clock read at its start, then one per pod until 25 ms have passed).
    expect(backlogAtYields).toEqual([6, 3]);
    expect(hub.takeChanges().changed.size).toBe(9);
  });

  it('runs one derivation at a time per hub: a second call while one yields derives nothing', async () => {
    const { hub, names } = nineListedPods();
    hub.applyMetrics({
      available: true,
      items: names.map(sample),
    });
    let resume = () => {};
    const first = deriveMetricsInSlices(hub, 25, () => new Promise<void>((resolve) => (resume = resolve)));
    expect(hub.metricsBacklog).toBe(6);
    await deriveMetricsInSlices(hub, 25, () => Promise.resolve());
    expect(hub.metricsBacklog).toBe(6);
    resume();
    await new Promise((resolve) => setImmediate(resolve));
    resume();
    await first;
    expect(hub.metricsBacklog).toBe(0);
  });
});
