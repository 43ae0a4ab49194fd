import { describe, expect, it } from 'vitest';
import { ConfigError, checkConnection, defaultDataDir, readConfig } from './config';

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    expect(readConfig({})).toEqual({
      mode: 'kubeconfig',
      kubeconfig: undefined,
      context: undefined,
      namespaces: [],
      retentionMs: 3_600_000,
      maxDeleted: 5000,
      metricsHistoryMs: 3_600_000,
      metricsIntervalMs: 15_000,
      metricsMaxSamples: 250_000,
      maxStreamClients: 200,
      logsEnabled: false,
      history: { dataDir: defaultDataDir({}), retentionMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3, sampleEveryMs: 60_000 },
    });
  });

  it('puts history in the per-user state directory unless told otherwise, and can switch it off', () => {
    expect(readConfig({ HOME: '/home/ana' }).history?.dataDir).toBe('/home/ana/.local/state/sidecarscope');
    expect(readConfig({ HOME: '/home/ana', XDG_STATE_HOME: '/var/state' }).history?.dataDir).toBe('/var/state/sidecarscope');
    expect(readConfig({ SIDECARSCOPE_DATA_DIR: '/data' }).history?.dataDir).toBe('/data');
    expect(readConfig({ SIDECARSCOPE_HISTORY: 'off' }).history).toBeUndefined();
    expect(readConfig({ SIDECARSCOPE_DATABASE_URL: 'postgres://sc@db:5432/history' }).history?.databaseUrl).toBe('postgres://sc@db:5432/history');
    expect(() => readConfig({ SIDECARSCOPE_DATABASE_URL: 'mysql://db' })).toThrow(/SIDECARSCOPE_DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => readConfig({ SIDECARSCOPE_HISTORY_RETENTION_SECONDS: '60' })).toThrow(/SIDECARSCOPE_HISTORY_RETENTION_SECONDS must be at least 3600/);
    expect(readConfig({ SIDECARSCOPE_HISTORY_SAMPLE_SECONDS: '15' }).history?.sampleEveryMs).toBe(15_000);
    expect(() => readConfig({ SIDECARSCOPE_HISTORY_SAMPLE_SECONDS: '0' })).toThrow(/SIDECARSCOPE_HISTORY_SAMPLE_SECONDS must be at least 1/);
  });

  it('reads every variable', () => {
    const config = readConfig({
      SIDECARSCOPE_MODE: 'in-cluster',
      SIDECARSCOPE_CONTEXT: 'prod',
      SIDECARSCOPE_NAMESPACES: 'shop, payments,shop',
      SIDECARSCOPE_RETENTION_SECONDS: '600',
      SIDECARSCOPE_MAX_DELETED: '10',
      SIDECARSCOPE_METRICS_HISTORY_SECONDS: '120',
      SIDECARSCOPE_METRICS_INTERVAL_SECONDS: '5',
      SIDECARSCOPE_METRICS_MAX_SAMPLES: '20000',
      SIDECARSCOPE_MAX_STREAM_CLIENTS: '7',
    });
    expect(config).toMatchObject({
      mode: 'in-cluster',
      context: 'prod',
      namespaces: ['shop', 'payments'],
      retentionMs: 600_000,
      maxDeleted: 10,
      metricsHistoryMs: 120_000,
      metricsIntervalMs: 5000,
      metricsMaxSamples: 20_000,
      maxStreamClients: 7,
    });
  });

  it.each([
    [{ SIDECARSCOPE_MODE: 'cloud' }, /SIDECARSCOPE_MODE must be demo, kubeconfig or in-cluster/],
    [{ SIDECARSCOPE_RETENTION_SECONDS: 'an hour' }, /SIDECARSCOPE_RETENTION_SECONDS must be a number of seconds/],
    [{ SIDECARSCOPE_METRICS_INTERVAL_SECONDS: '0' }, /SIDECARSCOPE_METRICS_INTERVAL_SECONDS must be at least 1/],
    [{ SIDECARSCOPE_MAX_DELETED: '2.5' }, /SIDECARSCOPE_MAX_DELETED must be a whole number/],
    [{ SIDECARSCOPE_METRICS_MAX_SAMPLES: '10' }, /SIDECARSCOPE_METRICS_MAX_SAMPLES must be at least 1000/],
    [{ SIDECARSCOPE_NAMESPACES: 'ok,Not_OK' }, /"Not_OK" is not a valid namespace name/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe('checkConnection', () => {
  it('returns the configuration problem as one line', async () => {
    expect(await checkConnection({ SIDECARSCOPE_MODE: 'nope' })).toMatch(/SIDECARSCOPE_MODE/);
  });

  it('says there is no kubeconfig instead of falling back to localhost:8080', async () => {
    const problem = await checkConnection({ SIDECARSCOPE_MODE: 'kubeconfig', KUBECONFIG: '/nonexistent/sidecarscope/config' });
    expect(problem).toMatch(/No kubeconfig found/);
    expect(problem).not.toContain('/nonexistent');
  });
});
