import { describe, expect, it } from 'vitest';
import { fieldValue, matches, parseSelector, SelectorError } from './selectors';

const labels: Record<string, string> = { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'shop' };

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=back', false],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['missing', false],
    ['!missing', true],
    ['app.kubernetes.io/name=shop,tier in (front,back)', true],
    ['', true],
  ])('%s matches the labels: %s', (selector, expected) => {
    expect(matches(parseSelector(selector), (k) => labels[k])).toBe(expected);
  });

  it('rejects what it cannot parse', () => {
    expect(() => parseSelector('app in web')).toThrow(SelectorError);
  });
});

describe('field values', () => {
  it.each([
    ['metadata.name', 'p1'],
    ['spec.nodeName', 'n1'],
    ['status.phase', 'Running'],
    ['spec.missing', ''],
  ])('reads %s', (path, expected) => {
    expect(fieldValue({ metadata: { name: 'p1' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } }, path)).toBe(expected);
  });
});
