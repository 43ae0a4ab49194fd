import { describe, expect, it } from 'vitest';
import { uniqueSuffix } from './churn';

describe('churn pod names', () => {
  it('gives 100,000 pods 100,000 different five-letter suffixes from the ReplicaSet alphabet', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 100_000; n += 1) seen.add(uniqueSuffix(n));
    expect(seen.size).toBe(100_000);
    for (const suffix of [...seen].slice(0, 50)) expect(suffix).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
