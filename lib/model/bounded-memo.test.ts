import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo';

describe('boundedMemo', () => {
  it('computes each text once while it is remembered, undefined results included', () => {
    const calls: string[] = [];
    const parse = boundedMemo((text: string) => {
      calls.push(text);
      return text === 'bad' ? undefined : text.length;
    }, 8);
    expect([parse('abc'), parse('abc'), parse('bad'), parse('bad'), parse('de')]).toEqual([3, 3, undefined, undefined, 2]);
    expect(calls).toEqual(['abc', 'bad', 'de']);
  });

  it('holds at most `max` texts: when full it starts again, and answers stay right', () => {
    const calls: string[] = [];
    const parse = boundedMemo((text: string) => {
      calls.push(text);
      return Number(text);
    }, 3);
    for (const t of ['1', '2', '3']) parse(t);
    expect(parse('1')).toBe(1);
    expect(calls).toEqual(['1', '2', '3']);
    // The fourth text clears the three before it.
    expect(parse('4')).toBe(4);
    expect(parse('1')).toBe(1);
    expect(calls).toEqual(['1', '2', '3', '4', '1']);
  });
});
