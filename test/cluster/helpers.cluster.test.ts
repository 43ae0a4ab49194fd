/** The pure helpers of the cluster suite: they decide what is sent, so they are checked too. */
import { describe, expect, it } from 'vitest';
import { statusPatch } from './kube-writer';
import { grantsOf, rulesWithout, type PolicyRule } from './rbac';

describe('statusPatch', () => {
  it.each([
    { name: 'sets every field of the new status', prev: undefined, next: { phase: 'Running' }, patch: { status: { phase: 'Running' } } },
    {
      name: 'nulls fields the previous status had and the new one lacks',
      prev: { phase: 'Pending', message: 'x', reason: 'y' },
      next: { phase: 'Running' },
      patch: { status: { phase: 'Running', message: null, reason: null } },
    },
    {
      name: 'replaces arrays wholesale (merge patch semantics)',
      prev: { conditions: [{ type: 'Ready' }] },
      next: { conditions: [] },
      patch: { status: { conditions: [] } },
    },
  ])('$name', ({ prev, next, patch }) => {
    expect(statusPatch(prev, next)).toEqual(patch);
  });
});

describe('rules minus one grant', () => {
  const rules: PolicyRule[] = [
    { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] },
  ];

  it('splits rules into one grant per group, resource and verb', () => {
    expect(grantsOf(rules)).toHaveLength(8);
  });

  it('keeps every other grant and drops only the one named', () => {
    const without = grantsOf(rulesWithout(rules, { apiGroup: '', resource: 'pods', verb: 'watch' }));
    expect(without).toHaveLength(7);
    expect(without).toContainEqual({ apiGroup: 'metrics.k8s.io', resource: 'pods', verb: 'list' });
    expect(without).not.toContainEqual({ apiGroup: '', resource: 'pods', verb: 'watch' });
  });
});
