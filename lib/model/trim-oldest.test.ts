import { describe, expect, it } from 'vitest';
import { trimOldest } from './trim-oldest';

/** The reference: a fresh iterator per eviction. */
function trimWithFreshIterators<K, V>(map: Map<K, V>, max: number): K[] {
  const dropped: K[] = [];
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    dropped.push(oldest.value);
    map.delete(oldest.value);
  }
  return dropped;
}

describe('trimOldest', () => {
  it('drops the oldest keys first, down to the bound', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const dropped: string[] = [];
    trimOldest(map, 1, (key) => dropped.push(key));
    expect(dropped).toEqual(['a', 'b']);
    expect([...map.keys()]).toEqual(['c']);
  });

  it('evicts as a fresh iterator would through inserts, re-inserts, deletes and clears', () => {
    const map = new Map<number, number>();
    const reference = new Map<number, number>();
    const dropped: number[] = [];
    const expected: number[] = [];
    let seed = 11;
    for (let step = 0; step < 5_000; step += 1) {
      seed = (seed * 48_271) % 2_147_483_647;
      const key = seed % 97;
      const op = seed % 10;
      if (op < 6) {
        // Insert or touch (a touched key moves to the end, as an LRU does).
        for (const m of [map, reference]) {
          m.delete(key);
          m.set(key, step);
        }
      } else {
        map.delete(key);
        reference.delete(key);
      }
      if (step % 700 === 699) {
        map.clear();
        reference.clear();
      }
      const max = 10 + (seed % 20);
      trimOldest(map, max, (k) => dropped.push(k));
      expected.push(...trimWithFreshIterators(reference, max));
      expect(dropped).toEqual(expected);
      expect([...map]).toEqual([...reference]);
    }
  });

  it('deletes the key even when `drop` does not', () => {
    const map = new Map([
      [1, 'a'],
      [2, 'b'],
    ]);
    trimOldest(map, 0);
    expect(map.size).toBe(0);
    map.set(3, 'c');
    trimOldest(map, 1);
    expect([...map.keys()]).toEqual([3]);
    map.set(4, 'd');
    trimOldest(map, 1);
    expect([...map.keys()]).toEqual([4]);
  });
});
