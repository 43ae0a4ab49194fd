/** Deterministic randomness: the same seed gives the same cluster, run after run. */
export interface SimRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `hex` characters of lowercase hex. */
  hex(length: number): string;
  /** A base-36 suffix as ReplicaSets and Jobs use (`bcdfghjklmnpqrstvwxz2456789`). */
  suffix(length: number): string;
  uid(): string;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: small, fast, good enough for jitter and names. */
export function createRandom(seed: number): SimRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join('');
  const hex = (length: number) => pick('0123456789abcdef', length);
  return {
    next,
    int,
    hex,
    suffix: (length) => pick(SUFFIX_ALPHABET, length),
    uid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick('89ab', 1)}${hex(3)}-${hex(12)}`,
  };
}
