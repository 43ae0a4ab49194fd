import { describe, expect, it } from 'vitest';
import type { FindingSpanView } from '@/lib/model/history-views';
import { capRows, toTimelineGroups } from './timeline-rows';

const span = (
  pod: string,
  workload: string,
  id: FindingSpanView['id'],
  severity: FindingSpanView['severity'],
  raisedAt: number,
  clearedAt?: number,
): FindingSpanView => ({
  uid: `uid-${pod}`,
  namespace: 'shop',
  pod,
  workload: { kind: 'Deployment', name: workload },
  id,
  severity,
  container: 'istio-proxy',
  message: `${id} on ${pod}`,
  raisedAt,
  ...(clearedAt === undefined ? {} : { clearedAt }),
});

describe('toTimelineGroups', () => {
  it('puts each workload in a group, most severe first, one row per pod and finding with every raise as a bar', () => {
    const groups = toTimelineGroups([
      span('web-1', 'web', 'sidecar-no-startup-probe', 'warning', 1),
      span('checkout-1', 'checkout', 'sidecar-crashloop', 'critical', 2, 5),
      span('checkout-1', 'checkout', 'sidecar-crashloop', 'critical', 8),
    ]);
    expect(groups.map((g) => [g.title, g.rows.map((r) => [r.label, r.bars.map((b) => [b.from, b.to])])])).toEqual([
      [
        'shop · Deployment/checkout',
        [
          [
            'checkout-1 · sidecar-crashloop (istio-proxy)',
            [
              [2, 5],
              [8, undefined],
            ],
          ],
        ],
      ],
      ['shop · Deployment/web', [['web-1 · sidecar-no-startup-probe (istio-proxy)', [[1, undefined]]]]],
    ]);
  });
});

describe('capRows', () => {
  it('keeps the first rows in group order and says when it cut', () => {
    const groups = toTimelineGroups([
      span('a', 'x', 'sidecar-crashloop', 'critical', 1),
      span('b', 'x', 'sidecar-crashloop', 'critical', 2),
      span('c', 'y', 'legacy-sidecar', 'info', 3),
    ]);
    expect(capRows(groups, 2)).toMatchObject({ cut: true, groups: [{ rows: [{ pod: 'a' }, { pod: 'b' }] }] });
    expect(capRows(groups, 3).cut).toBe(false);
  });
});
