import { describe, expect, it } from 'vitest';
import { listItemSlices } from './list-items';

const read = (text: string, sliceChars?: number) => [...listItemSlices(text, sliceChars)];

const tricky = {
  kind: 'PodMetricsList',
  metadata: { resourceVersion: '', selfLink: '/x[{' },
  items: [
    {
      metadata: { name: 'a', annotations: { note: 'brackets ] } [ { and a "quote" and a \\ backslash' } },
      containers: [{ name: 'app', usage: { cpu: '5m' } }],
    },
    { metadata: { name: 'b\u00e9\u2028' }, containers: [] },
    'a string item',
    42,
    null,
    [1, [2, { x: ']' }]],
  ],
  after: { items: ['not these'] },
};

describe('reading the items of a list a slice at a time', () => {
  it('yields exactly what JSON.parse finds in items, whatever the strings, nesting or key order', () => {
    for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 2)]) {
      expect(read(text).flat()).toEqual(tricky.items);
    }
  });

  it('cuts the items into slices of about the given size, losing none', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ metadata: { name: `pod-${i}` }, containers: [{ name: 'app' }] }));
    const slices = read(JSON.stringify({ kind: 'List', items }), 200);
    expect(slices.length).toBeGreaterThan(5);
    expect(slices.every((s) => s.length > 0)).toBe(true);
    expect(slices.flat()).toEqual(items);
  });

  it('yields nothing for an empty list or a document without items', () => {
    expect(read('{"kind":"List","items":[]}')).toEqual([]);
    expect(read('{"kind":"List","metadata":{}}')).toEqual([]);
    expect(read('{}')).toEqual([]);
  });

  it('throws a SyntaxError on malformed JSON, as JSON.parse does', () => {
    for (const text of ['', 'null', '{"items":[{"a":1}', '{"items":[1,]}', '{"items":[1 2]}', '{"items":[{"a":"x}]}', '{"kind" "List"}']) {
      expect(() => read(text), text).toThrow(SyntaxError);
    }
  });
});
