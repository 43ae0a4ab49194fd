/**
 * A bound on token guesses: each client address may present a wrong token `burst` times, then
 * one more every `refillMs`; beyond that every token it presents (right or wrong) is answered 429
 * with `Retry-After` until the allowance refills. At most `maxAddresses` are remembered (the
 * least recently failing go first), so a flood of addresses costs bounded memory.
 */

/** How many wrong tokens an address may present, and how fast the allowance comes back. */
export interface GuessLimits {
  burst: number;
  refillMs: number;
  maxAddresses: number;
}

/** 10 guesses, then one every 6 s (10 a minute), 10,000 addresses. */
export const DEFAULT_GUESS_LIMITS: GuessLimits = { burst: 10, refillMs: 6_000, maxAddresses: 10_000 };

/** Counts wrong tokens per address. */
export interface GuessLimiter {
  /** Seconds to wait before `address` may present a token again, or 0 when it may now. */
  retryAfterSeconds(address: string, nowMs: number): number;
  /** Records a wrong token from `address`. */
  recordFailure(address: string, nowMs: number): void;
  /** Addresses remembered now. */
  size(): number;
}

interface Allowance {
  /** Guesses left at `atMs`. */
  left: number;
  atMs: number;
}

/** Creates a limiter. */
export function createGuessLimiter(limits: GuessLimits = DEFAULT_GUESS_LIMITS): GuessLimiter {
  const allowances = new Map<string, Allowance>();

  function current(address: string, nowMs: number): number {
    const entry = allowances.get(address);
    if (entry === undefined) return limits.burst;
    const refilled = Math.floor(Math.max(0, nowMs - entry.atMs) / limits.refillMs);
    return Math.min(limits.burst, entry.left + refilled);
  }

  return {
    retryAfterSeconds(address, nowMs) {
      const entry = allowances.get(address);
      if (entry === undefined || current(address, nowMs) > 0) return 0;
      const waitMs = entry.atMs + limits.refillMs - nowMs;
      return Math.max(1, Math.ceil(waitMs / 1000));
    },
    recordFailure(address, nowMs) {
      const left = Math.max(0, current(address, nowMs) - 1);
      const entry = allowances.get(address);
      // Keep the refill phase: only whole refill periods already counted move the reference time.
      const atMs = entry === undefined || left + 1 >= limits.burst ? nowMs : entry.atMs + Math.floor((nowMs - entry.atMs) / limits.refillMs) * limits.refillMs;
      allowances.delete(address);
      allowances.set(address, { left, atMs });
      while (allowances.size > limits.maxAddresses) {
        const oldest = allowances.keys().next().value;
        if (oldest === undefined) break;
        allowances.delete(oldest);
      }
    },
    size() {
      return allowances.size;
    },
  };
}

const KEY = Symbol.for('sidecarscope.guesses');
type WithGuesses = typeof globalThis & { [KEY]?: GuessLimiter };

/** The process's limiter (on `globalThis`, so hot reloads and bundles share it). */
export function getGuessLimiter(): GuessLimiter {
  const holder = globalThis as WithGuesses;
  holder[KEY] ??= createGuessLimiter();
  return holder[KEY];
}
