import { describe, expect, it } from 'vitest';
import { createStreamClientLimiter, type StreamLease } from './stream-limits';

function acquireAll(limiter: ReturnType<typeof createStreamClientLimiter>, addresses: string[]) {
  return addresses.map((address) => limiter.acquire(address));
}

describe('createStreamClientLimiter', () => {
  it('refuses the next client from an address that holds its share', () => {
    const limiter = createStreamClientLimiter({ maxClients: 10, maxPerAddress: 2 });
    const results = acquireAll(limiter, ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({ ok: false, limit: 'address' });
  });

  it('refuses any client once the process holds its maximum', () => {
    const limiter = createStreamClientLimiter({ maxClients: 3, maxPerAddress: 3 });
    const results = acquireAll(limiter, ['a', 'b', 'c', 'd']);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, limit: 'process' });
  });

  it('frees a slot on release, once, however often release is called', () => {
    const limiter = createStreamClientLimiter({ maxClients: 2, maxPerAddress: 2 });
    const first = limiter.acquire('a') as StreamLease;
    limiter.acquire('a');
    first.release();
    first.release();
    expect(limiter.count()).toBe(1);
    expect(limiter.count('a')).toBe(1);
    expect(limiter.acquire('a').ok).toBe(true);
    expect(limiter.acquire('a').ok).toBe(false);
  });

  it('forgets an address when its last stream closes', () => {
    const limiter = createStreamClientLimiter({ maxClients: 5, maxPerAddress: 1 });
    const lease = limiter.acquire('a') as StreamLease;
    lease.release();
    expect(limiter.count('a')).toBe(0);
    expect(limiter.count()).toBe(0);
  });
});
