/**
 * Bounds on concurrent event-stream (SSE) clients, per process and per client address, so one
 * browser with many tabs, or a script in a loop, cannot hold every slot. The stream route acquires
 * a lease when a client connects and releases it when the stream closes (release is idempotent).
 */

/** Limits for one process. */
export interface StreamLimits {
  maxClients: number;
  maxPerAddress: number;
}

/** A held slot; `release` frees it once, later calls do nothing. */
export interface StreamLease {
  ok: true;
  release(): void;
}

/** Why no slot was given; the stream route answers 429 (or 503 for `process`). */
export interface StreamRefusal {
  ok: false;
  limit: 'process' | 'address';
  message: string;
}

/** Hands out stream slots within {@link StreamLimits}. */
export interface StreamClientLimiter {
  acquire(address: string): StreamLease | StreamRefusal;
  /** Clients connected now, in total and from `address`. */
  count(address?: string): number;
}

/** Default per-address cap: a few tabs of one user. */
export const DEFAULT_MAX_STREAMS_PER_ADDRESS = 20;

/** Creates a limiter; limits below 1 are treated as 1. */
export function createStreamClientLimiter(limits: StreamLimits): StreamClientLimiter {
  const maxClients = Math.max(1, Math.floor(limits.maxClients));
  const maxPerAddress = Math.max(1, Math.floor(limits.maxPerAddress));
  const byAddress = new Map<string, number>();
  let total = 0;

  function release(address: string): void {
    total -= 1;
    const left = (byAddress.get(address) ?? 1) - 1;
    if (left <= 0) byAddress.delete(address);
    else byAddress.set(address, left);
  }

  return {
    acquire(address) {
      if (total >= maxClients) return { ok: false, limit: 'process', message: `This server already streams to ${maxClients} clients.` };
      const current = byAddress.get(address) ?? 0;
      if (current >= maxPerAddress)
        return { ok: false, limit: 'address', message: `Too many open streams from this address (${maxPerAddress}); close other tabs.` };
      total += 1;
      byAddress.set(address, current + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          release(address);
        },
      };
    },
    count(address) {
      return address === undefined ? total : (byAddress.get(address) ?? 0);
    },
  };
}
