import { describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { parseHeaders, readFindingThresholds, readPrometheusConfig } from './prometheus-config';

describe('readPrometheusConfig', () => {
  it('is off without a URL (metrics-server stays the only source)', () => {
    expect(readPrometheusConfig({})).toBeUndefined();
    expect(readPrometheusConfig({ SIDECARSCOPE_PROMETHEUS_URL: ' ' })).toBeUndefined();
  });

  it('reads the URL, credentials files, headers and limits', () => {
    expect(
      readPrometheusConfig({
        SIDECARSCOPE_PROMETHEUS_URL: 'https://mimir.example/prometheus',
        SIDECARSCOPE_PROMETHEUS_BEARER_TOKEN_FILE: '/var/run/token',
        SIDECARSCOPE_PROMETHEUS_CA_FILE: '/etc/ca.pem',
        SIDECARSCOPE_PROMETHEUS_HEADERS: 'X-Scope-OrgID: tenant-a\nX-Extra: a,b',
        SIDECARSCOPE_PROMETHEUS_TIMEOUT_SECONDS: '2.5',
      }),
    ).toEqual({
      url: 'https://mimir.example/prometheus',
      bearerTokenFile: '/var/run/token',
      caFile: '/etc/ca.pem',
      headers: { 'X-Scope-OrgID': 'tenant-a', 'X-Extra': 'a,b' },
      intervalMs: 60_000,
      windowSeconds: 600,
      rateSeconds: 60,
      timeoutMs: 2500,
      maxConcurrent: 4,
    });
  });

  it.each([
    [{ SIDECARSCOPE_PROMETHEUS_URL: 'ftp://x' }, /SIDECARSCOPE_PROMETHEUS_URL must be an http\(s\) URL/],
    [{ SIDECARSCOPE_PROMETHEUS_URL: 'http://x', SIDECARSCOPE_PROMETHEUS_MAX_CONCURRENT: '0' }, /MAX_CONCURRENT must be at least 1/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => readPrometheusConfig(env)).toThrow(message);
  });

  it('names a malformed header entry by position, never by its (secret) content', () => {
    const error = (() => {
      try {
        parseHeaders('X-Ok: 1, Bearer s3cret');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('SIDECARSCOPE_PROMETHEUS_HEADERS: entry 2 is not "Name: value"');
  });

  it('reads threshold overrides and rejects a share above 1', () => {
    expect(readFindingThresholds({ SIDECARSCOPE_THROTTLE_SHARE: '0.4', SIDECARSCOPE_THROTTLE_MIN_PERIODS: '100' })).toEqual({
      throttledShare: 0.4,
      minCfsPeriods: 100,
    });
    expect(readFindingThresholds({})).toEqual({});
    expect(() => readFindingThresholds({ SIDECARSCOPE_THROTTLE_SHARE: '25' })).toThrow(/at most 1/);
  });
});
