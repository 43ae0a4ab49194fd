import { describe, expect, it } from 'vitest';
import { hostNameOf, isAllowedHost, readAllowedHosts } from './allowed-hosts';

describe('isAllowedHost', () => {
  const none = readAllowedHosts({});
  it.each([
    ['localhost:3000', true],
    ['127.0.0.1:3000', true],
    ['127.1.2.3', true],
    ['[::1]:3000', true],
    ['app.localhost:3000', true],
    ['LOCALHOST.:3000', true],
    ['evil.example:3000', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io:3000', false],
    ['10.0.0.5:3000', false],
    ['', false],
    [null, false],
  ])('without configuration, %j is %s', (host, allowed) => {
    expect(isAllowedHost(host, none)).toBe(allowed);
  });

  it('adds the names SIDECARSCOPE_ALLOWED_HOSTS lists, and * allows any', () => {
    const configured = readAllowedHosts({ SIDECARSCOPE_ALLOWED_HOSTS: 'dash.internal, 10.0.0.5,fd00::5' });
    expect(isAllowedHost('dash.internal:8080', configured)).toBe(true);
    expect(isAllowedHost('10.0.0.5:3000', configured)).toBe(true);
    expect(isAllowedHost('[fd00::5]:3000', configured)).toBe(true);
    expect(isAllowedHost('evil.example', configured)).toBe(false);
    expect(isAllowedHost('evil.example', readAllowedHosts({ SIDECARSCOPE_ALLOWED_HOSTS: '*' }))).toBe(true);
  });
});

describe('hostNameOf', () => {
  it.each([
    ['Example.COM:80', 'example.com'],
    ['[::1]:3000', '::1'],
    ['::1', '::1'],
  ])('reads %j as %j', (header, name) => {
    expect(hostNameOf(header)).toBe(name);
  });
});
