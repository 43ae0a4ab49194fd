import { describe, expect, it } from 'vitest';
import { createGuessLimiter } from './guess-limits';

const limits = { burst: 3, refillMs: 10_000, maxAddresses: 4 };

describe('createGuessLimiter', () => {
  it('lets an address guess `burst` times, then asks it to wait until one guess refills', () => {
    const limiter = createGuessLimiter(limits);
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterSeconds('10.0.0.1', 0)).toBe(0);
      limiter.recordFailure('10.0.0.1', 0);
    }
    expect(limiter.retryAfterSeconds('10.0.0.1', 0)).toBe(10);
    expect(limiter.retryAfterSeconds('10.0.0.1', 4_000)).toBe(6);
    expect(limiter.retryAfterSeconds('10.0.0.1', 10_000)).toBe(0);
    expect(limiter.retryAfterSeconds('10.0.0.2', 0)).toBe(0);
  });

  it('gives back one guess per refill period, not the whole burst', () => {
    const limiter = createGuessLimiter(limits);
    for (let i = 0; i < 3; i += 1) limiter.recordFailure('a', 0);
    limiter.recordFailure('a', 10_000);
    expect(limiter.retryAfterSeconds('a', 10_000)).toBe(10);
  });

  it('remembers at most maxAddresses addresses', () => {
    const limiter = createGuessLimiter(limits);
    for (let i = 0; i < 100; i += 1) limiter.recordFailure(`10.0.0.${i}`, 0);
    expect(limiter.size()).toBe(4);
  });
});
