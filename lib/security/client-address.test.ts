import { describe, expect, it } from 'vitest';
import { clientAddressOf, ForwardingTrustError, PEER_HEADER, readForwardingTrust, resolveClientAddress } from './client-address';

const none = readForwardingTrust({});

describe('resolveClientAddress', () => {
  it('believes no X-Forwarded-For by default: the peer is the client', () => {
    expect(resolveClientAddress('10.1.1.1', '1.2.3.4, 5.6.7.8', none)).toBe('10.1.1.1');
    expect(resolveClientAddress('::ffff:10.1.1.1', null, none)).toBe('10.1.1.1');
  });

  it('with one trusted hop, takes the address the ingress appended, not what the client wrote', () => {
    const oneHop = readForwardingTrust({ SIDECARSCOPE_TRUSTED_HOPS: '1' });
    expect(resolveClientAddress('10.0.0.9', 'forged-1, forged-2, 203.0.113.7', oneHop)).toBe('203.0.113.7');
    expect(resolveClientAddress('10.0.0.9', null, oneHop)).toBe('10.0.0.9');
  });

  it('with trusted proxies, skips them from the right and stops at the first other address', () => {
    const proxies = readForwardingTrust({ SIDECARSCOPE_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5' });
    expect(resolveClientAddress('10.0.0.9', 'forged, 203.0.113.7, 192.168.1.5', proxies)).toBe('203.0.113.7');
    expect(resolveClientAddress('203.0.113.9', 'forged', proxies)).toBe('203.0.113.9');
  });

  it.each([
    { SIDECARSCOPE_TRUSTED_HOPS: '-1' },
    { SIDECARSCOPE_TRUSTED_HOPS: 'two' },
    { SIDECARSCOPE_TRUSTED_PROXIES: 'ingress' },
    { SIDECARSCOPE_TRUSTED_PROXIES: '10.0.0.0/40' },
  ])('refuses %j naming the variable', (env) => {
    expect(() => readForwardingTrust(env)).toThrow(ForwardingTrustError);
    expect(() => readForwardingTrust(env)).toThrow(/SIDECARSCOPE_TRUSTED_/);
  });
});

describe('clientAddressOf', () => {
  it('takes random X-Forwarded-For values from one peer as that one peer', () => {
    const addresses = new Set(
      Array.from({ length: 50 }, (_, i) => clientAddressOf(new Headers({ [PEER_HEADER]: '198.51.100.1', 'x-forwarded-for': `10.9.${i}.1` }), {})),
    );
    expect([...addresses]).toEqual(['198.51.100.1']);
  });
});
