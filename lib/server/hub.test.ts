import { describe, expect, it } from 'vitest';
import { summaryOf, detailOf } from './hub-views';
import { aHub } from './testing/hub-fixture';
import { derivations } from './testing/fake-model';
import { ownedBy } from '../model/testing/builders';

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

  it('derives only the pods that changed, and nothing for a resent resourceVersion', () => {
    const { hub, pod } = aHub();
    hub.applyPodList('*', [pod({ name: 'a' }), pod({ name: 'b' }), pod({ name: 'c' })]);
    hub.flush();
    const before = derivations.count;
    hub.applyPodEvent('MODIFIED', pod({ name: 'b', resourceVersion: '2', phase: 'Running' }));
    hub.applyPodList('*', [pod({ name: 'a' }), pod({ name: 'b', resourceVersion: '2', phase: 'Running' }), pod({ name: 'c' })]);
    hub.flush();
    expect(derivations.count - before).toBe(1);
  });

  it('records when it observed a transition, by its own clock', () => {
    const { hub, clock, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', phase: 'Pending' }));
    clock.time += 1234;
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2', phase: 'Running' }));
    const observed = hub.entries.get('uid-default-a')?.observations?.transitions.filter((t) => t.detail === 'Running');
    expect(observed?.map((t) => t.at)).toEqual([clock.time]);
  });

  it('counts findings incrementally as pods gain and lose them', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', labels: { 'finding.test/sidecar-crashloop': 'critical' } }));
    hub.applyPodEvent('ADDED', pod({ name: 'b', labels: { 'finding.test/legacy-sidecar': 'info' } }));
    expect(summaryOf(hub).findings).toEqual({ bySeverity: { critical: 1, warning: 0, info: 1 }, byId: { 'sidecar-crashloop': 1, 'legacy-sidecar': 1 } });
    expect(summaryOf(hub).troubled.map((f) => f.pod)).toEqual(['a']);
    hub.applyPodEvent('MODIFIED', pod({ name: 'a', resourceVersion: '2' }));
    expect(summaryOf(hub).findings.bySeverity.critical).toBe(0);
    expect(summaryOf(hub).troubled).toEqual([]);
  });

  it('keeps a deleted pod for its timeline but takes it out of the totals', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', labels: { 'finding.test/sidecar-oomkilled': 'critical' } }));
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '2', labels: { 'finding.test/sidecar-oomkilled': 'critical' } }));
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
    expect([...hub.live.keys()]).toEqual(['y/b']);
    expect(hub.deleted.has('uid-x-a')).toBe(true);
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
    expect([...hub.deleted.keys()]).toEqual(['uid-default-b', 'uid-default-c']);
    expect(hub.entries.has('uid-default-a')).toBe(false);
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
    const sample = (t: string) => ({ metadata: { namespace: 'default', name: 'a' }, timestamp: t, window: '15s', containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }] });
    for (const t of ['2024-01-01T00:00:00Z', '2024-01-01T00:00:30Z', '2024-01-01T00:01:30Z']) hub.applyMetrics({ available: true, items: [sample(t)] });
    expect(summaryOf(hub).metrics.available).toBe(true);
    const points = detailOf(hub, 'default', 'a')?.metrics[0]?.points ?? [];
    expect(points.map((p) => new Date(p.at).toISOString())).toEqual(['2024-01-01T00:00:30.000Z', '2024-01-01T00:01:30.000Z']);
  });
});

describe('Hub changes after a metrics poll', () => {
  it('tells pod pages but not lists: a new sample does not change a row', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a' }));
    expect(hub.takeChanges().upserts.map((r) => r.name)).toEqual(['a']);
    const sample = { metadata: { namespace: 'default', name: 'a' }, timestamp: '2024-01-01T00:00:00Z', window: '15s', containers: [{ name: 'app', usage: { cpu: '5m', memory: '1Mi' } }] };
    hub.applyMetrics({ available: true, items: [sample] });
    const changes = hub.takeChanges();
    expect(changes.upserts).toEqual([]);
    expect([...changes.changed]).toEqual(['uid-default-a']);
  });
});

describe('Hub summary of workloads', () => {
  it('puts workloads with critical findings first', () => {
    const { hub, pod } = aHub();
    const owned = (name: string, labels: Record<string, string> = {}) => pod({ name, labels, owner: ownedBy('Job', name.split('-')[0] ?? name) });
    hub.applyPodList('*', [owned('big-1'), owned('big-2'), owned('bad-1', { 'finding.test/sidecar-crashloop': 'critical' })]);
    expect(summaryOf(hub).workloads.map((w) => [w.workload.name, w.pods])).toEqual([
      ['bad', 1],
      ['big', 2],
    ]);
  });
});
