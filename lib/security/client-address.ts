/**
 * Who a request comes from, for the per-address caps (live streams, token guesses).
 *
 * The address is the TCP peer, which the front server (server/front.mjs) writes into
 * {@link PEER_HEADER} after deleting any copy the client sent. `X-Forwarded-For` is believed only
 * as far as configured, default not at all (a client can write anything there):
 * - `SIDECARSCOPE_TRUSTED_HOPS=N`: N reverse proxies (an ingress is one) always stand in front;
 *   the client is the entry N places from the right of `X-Forwarded-For` + peer.
 * - `SIDECARSCOPE_TRUSTED_PROXIES=10.0.0.0/8,fd00::1`: from the peer leftwards, skip every
 *   address that is a trusted proxy; the first one that is not is the client.
 */
import { isIP } from 'node:net';

/** Set by the front server to the socket's remote address; never taken from the client. */
export const PEER_HEADER = 'x-sidecarscope-peer';

/** How far forwarded headers are believed. */
export interface ForwardingTrust {
  hops: number;
  proxies: AddressMatcher[];
}

type AddressMatcher = (address: string) => boolean;

/** A bad SIDECARSCOPE_TRUSTED_* value; the message names the variable. */
export class ForwardingTrustError extends Error {
  override readonly name = 'ForwardingTrustError';
  readonly code = 'bad-config';
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, lower case, no brackets or zone. */
export function normaliseAddress(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped?.[1] ?? bare;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function toMatcher(entry: string): AddressMatcher {
  const [base = '', bits] = entry.split('/');
  const address = normaliseAddress(base);
  if (bits === undefined && isIP(address) !== 0) return (candidate) => candidate === address;
  const prefix = Number(bits);
  if (isIP(address) === 4 && Number.isInteger(prefix) && prefix >= 0 && prefix <= 32) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const network = (ipv4ToNumber(address) & mask) >>> 0;
    return (candidate) => isIP(candidate) === 4 && (ipv4ToNumber(candidate) & mask) >>> 0 === network;
  }
  throw new ForwardingTrustError(`SIDECARSCOPE_TRUSTED_PROXIES: "${entry}" is not an IP address or IPv4 CIDR range`);
}

/** Reads the trust settings; throws {@link ForwardingTrustError} naming a bad value. */
export function readForwardingTrust(env: Record<string, string | undefined>): ForwardingTrust {
  const hopsText = env.SIDECARSCOPE_TRUSTED_HOPS?.trim() || '0';
  const hops = Number(hopsText);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new ForwardingTrustError('SIDECARSCOPE_TRUSTED_HOPS must be a whole number from 0 to 10');
  const proxies = (env.SIDECARSCOPE_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(toMatcher);
  return { hops, proxies };
}

/** The client address of a request under `trust`; `unknown` when there is no peer at all. */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trust: ForwardingTrust): string {
  const forwarded = (forwardedFor ?? '').split(',').map(normaliseAddress).filter(Boolean);
  const chain = [...forwarded, ...(peer ? [normaliseAddress(peer)] : [])];
  if (chain.length === 0) return 'unknown';
  if (trust.hops > 0) return chain[Math.max(0, chain.length - 1 - trust.hops)] ?? 'unknown';
  let index = chain.length - 1;
  while (index > 0 && trust.proxies.some((isTrusted) => isTrusted(chain[index] ?? ''))) index -= 1;
  return chain[index] ?? 'unknown';
}

/**
 * The client address of a request, from its headers and the process environment. Without the
 * peer header (a server started without the front server) the last `X-Forwarded-For` entry
 * stands in: Next.js writes the socket address there when the client sent none.
 */
export function clientAddressOf(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const peer = headers.get(PEER_HEADER);
  const forwardedFor = headers.get('x-forwarded-for');
  if (peer === null) return resolveClientAddress(forwardedFor?.split(',').at(-1) ?? null, null, { hops: 0, proxies: [] });
  return resolveClientAddress(peer, forwardedFor, readForwardingTrust(env));
}
