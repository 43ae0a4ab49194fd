import { describe, expect, it } from 'vitest';
import { InputError, parseDocuments, splitJsonValues } from './input';

describe('parseDocuments', () => {
  it('reads a single JSON document', () => {
    expect(parseDocuments('{"kind":"Pod","metadata":{"name":"a"}}')).toEqual([{ kind: 'Pod', metadata: { name: 'a' } }]);
  });

  it('reads a watch stream with one event per line', () => {
    const text = '{"type":"ADDED","object":{"kind":"Pod"}}\n{"type":"MODIFIED","object":{"kind":"Pod"}}\n';
    expect(parseDocuments(text)).toHaveLength(2);
  });

  it('reads pretty-printed JSON objects printed back to back, as kubectl get -w -o json does', () => {
    const text = '{\n  "kind": "Pod",\n  "x": "}{"\n}\n{\n  "kind": "Pod"\n}\n';
    expect(parseDocuments(text)).toEqual([{ kind: 'Pod', x: '}{' }, { kind: 'Pod' }]);
  });

  it('reads YAML with several documents', () => {
    const text = 'kind: Pod\nmetadata:\n  name: a\n---\nkind: Pod\nmetadata:\n  name: b\n';
    expect(parseDocuments(text)).toEqual([
      { kind: 'Pod', metadata: { name: 'a' } },
      { kind: 'Pod', metadata: { name: 'b' } },
    ]);
  });

  it.each([
    ['empty input', '   \n', 'empty'],
    ['plain text', 'hello world, not a pod', 'unparseable'],
    ['truncated JSON', '{"kind": "Pod", "metadata": {', 'unparseable'],
  ])('rejects %s with a coded InputError', (_, text, code) => {
    try {
      parseDocuments(text);
      expect.unreachable('parseDocuments should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe(code);
    }
  });
});

describe('splitJsonValues', () => {
  it('keeps escaped quotes inside strings', () => {
    expect(splitJsonValues('{"a":"x\\"}"}{"b":1}')).toEqual([{ a: 'x"}' }, { b: 1 }]);
  });

  it('refuses text between values', () => {
    expect(splitJsonValues('{"a":1} junk {"b":2}')).toBeUndefined();
  });
});
