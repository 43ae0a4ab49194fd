/**
 * Server configuration from the environment (set by the CLI, `bin/sidecarscope.mjs`), validated
 * with zod so a typo fails at start with a clear message rather than at the first request.
 *
 * Not marked `server-only`: the CLI imports {@link checkConnection} before starting Next.js.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { checkClusterConnection } from '../k8s/check-connection';
import { K8sError } from '../k8s/errors';
import { ForwardingTrustError, readForwardingTrust } from '../security/client-address';

const seconds = (name: string, fallback: number, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(min, `${name} must be at least ${min}`)
    .default(fallback);

const count = (name: string, fallback: number, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .default(fallback);

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const envSchema = z.object({
  SIDECARSCOPE_MODE: z.enum(['demo', 'kubeconfig', 'in-cluster'], { error: 'SIDECARSCOPE_MODE must be demo, kubeconfig or in-cluster' }).default('kubeconfig'),
  KUBECONFIG: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_CONTEXT: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_NAMESPACES: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_RETENTION_SECONDS: z.preprocess(blankToUndefined, seconds('SIDECARSCOPE_RETENTION_SECONDS', 3600, 0)),
  SIDECARSCOPE_MAX_DELETED: z.preprocess(blankToUndefined, count('SIDECARSCOPE_MAX_DELETED', 5000, 0)),
  SIDECARSCOPE_METRICS_HISTORY_SECONDS: z.preprocess(blankToUndefined, seconds('SIDECARSCOPE_METRICS_HISTORY_SECONDS', 3600, 60)),
  SIDECARSCOPE_METRICS_INTERVAL_SECONDS: z.preprocess(blankToUndefined, seconds('SIDECARSCOPE_METRICS_INTERVAL_SECONDS', 15, 1)),
  SIDECARSCOPE_METRICS_MAX_SAMPLES: z.preprocess(blankToUndefined, count('SIDECARSCOPE_METRICS_MAX_SAMPLES', 250_000, 1000)),
  SIDECARSCOPE_MAX_STREAM_CLIENTS: z.preprocess(blankToUndefined, count('SIDECARSCOPE_MAX_STREAM_CLIENTS', 200, 1)),
  SIDECARSCOPE_LOGS_ENABLED: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0'], { error: 'SIDECARSCOPE_LOGS_ENABLED must be true or false' }).default('false'),
  ),
  SIDECARSCOPE_HISTORY: z.preprocess(blankToUndefined, z.enum(['on', 'off'], { error: 'SIDECARSCOPE_HISTORY must be on or off' }).default('on')),
  SIDECARSCOPE_DATA_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  SIDECARSCOPE_DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'SIDECARSCOPE_DATABASE_URL must be a postgres:// URL')
      .optional(),
  ),
  SIDECARSCOPE_HISTORY_RETENTION_SECONDS: z.preprocess(blankToUndefined, seconds('SIDECARSCOPE_HISTORY_RETENTION_SECONDS', 7 * 24 * 3600, 3600)),
  SIDECARSCOPE_HISTORY_MAX_BYTES: z.preprocess(blankToUndefined, count('SIDECARSCOPE_HISTORY_MAX_BYTES', 1024 ** 3, 16 * 1024 ** 2)),
  SIDECARSCOPE_HISTORY_SAMPLE_SECONDS: z.preprocess(blankToUndefined, seconds('SIDECARSCOPE_HISTORY_SAMPLE_SECONDS', 60, 1)),
  XDG_STATE_HOME: z.preprocess(blankToUndefined, z.string().optional()),
  HOME: z.preprocess(blankToUndefined, z.string().optional()),
});

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The validated configuration of one server process. */
export interface ServerConfig {
  mode: 'demo' | 'kubeconfig' | 'in-cluster';
  kubeconfig?: string;
  context?: string;
  /** Allow-list; empty means every namespace. */
  namespaces: string[];
  retentionMs: number;
  maxDeleted: number;
  metricsHistoryMs: number;
  metricsIntervalMs: number;
  /** Metrics samples kept across all pods (each pod keeps at most this / live pods, and at least 4). */
  metricsMaxSamples: number;
  maxStreamClients: number;
  /**
   * Read the previous run's log of crash-looping and OOM-killed containers (`get pods/log`) when
   * a person asks for it. Off by default: logs can hold secrets.
   */
  logsEnabled: boolean;
  /** The history store; `undefined` when switched off (`SIDECARSCOPE_HISTORY=off`). */
  history?: HistoryConfig;
}

export interface HistoryConfig {
  /** Where the store lives (`--data-dir`, `SIDECARSCOPE_DATA_DIR`; per-user state directory by default). */
  dataDir: string;
  retentionMs: number;
  maxBytes: number;
  /** How often a metrics poll's samples are also recorded (`SIDECARSCOPE_HISTORY_SAMPLE_SECONDS`, default 60). */
  sampleEveryMs?: number;
  /** PostgreSQL instead of the SQLite file (`SIDECARSCOPE_DATABASE_URL`); never logged or sent. */
  databaseUrl?: string;
}

/** The per-user default: `$XDG_STATE_HOME/sidecarscope`, else `~/.local/state/sidecarscope`. */
export function defaultDataDir(env: { XDG_STATE_HOME?: string; HOME?: string }): string {
  return join(env.XDG_STATE_HOME ?? join(env.HOME ?? homedir(), '.local', 'state'), 'sidecarscope');
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'bad-config';
}

function parseNamespaces(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.find((n) => !NAMESPACE.test(n) || n.length > 63);
  if (bad !== undefined) throw new ConfigError(`SIDECARSCOPE_NAMESPACES: "${bad}" is not a valid namespace name`);
  return [...new Set(names)];
}

/** Reads and validates the configuration; throws {@link ConfigError} naming the bad variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => i.message).join('; '));
  }
  const e = parsed.data;
  try {
    readForwardingTrust(env);
  } catch (error) {
    if (error instanceof ForwardingTrustError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    mode: e.SIDECARSCOPE_MODE,
    kubeconfig: e.KUBECONFIG,
    context: e.SIDECARSCOPE_CONTEXT,
    namespaces: parseNamespaces(e.SIDECARSCOPE_NAMESPACES),
    retentionMs: e.SIDECARSCOPE_RETENTION_SECONDS * 1000,
    maxDeleted: e.SIDECARSCOPE_MAX_DELETED,
    metricsHistoryMs: e.SIDECARSCOPE_METRICS_HISTORY_SECONDS * 1000,
    metricsIntervalMs: e.SIDECARSCOPE_METRICS_INTERVAL_SECONDS * 1000,
    metricsMaxSamples: e.SIDECARSCOPE_METRICS_MAX_SAMPLES,
    maxStreamClients: e.SIDECARSCOPE_MAX_STREAM_CLIENTS,
    logsEnabled: e.SIDECARSCOPE_LOGS_ENABLED === 'true' || e.SIDECARSCOPE_LOGS_ENABLED === '1',
    ...(e.SIDECARSCOPE_HISTORY === 'on'
      ? {
          history: {
            dataDir: e.SIDECARSCOPE_DATA_DIR ?? defaultDataDir(e),
            retentionMs: e.SIDECARSCOPE_HISTORY_RETENTION_SECONDS * 1000,
            maxBytes: e.SIDECARSCOPE_HISTORY_MAX_BYTES,
            sampleEveryMs: e.SIDECARSCOPE_HISTORY_SAMPLE_SECONDS * 1000,
            ...(e.SIDECARSCOPE_DATABASE_URL ? { databaseUrl: e.SIDECARSCOPE_DATABASE_URL } : {}),
          },
        }
      : {}),
  };
}

function warnOnStderr(line: string): void {
  process.stderr.write(`sidecarscope: warning: ${line}\n`);
}

/**
 * For the CLI: validates the configuration and probes the cluster. Resolves to a one-line problem
 * (no kubeconfig, unknown context with the known ones listed, unreachable, 401, 403 naming the
 * missing RBAC rule, bad setting) or `undefined` when the dashboard can start. Missing optional
 * grants (events, metrics, `get`) do not stop the start: each goes to `warn` (stderr by default).
 * Never includes tokens or kubeconfig paths.
 */
export async function checkConnection(
  env: Record<string, string | undefined> = process.env,
  warn: (line: string) => void = warnOnStderr,
): Promise<string | undefined> {
  try {
    const config = readConfig({ ...process.env, ...env });
    await checkClusterConnection({ mode: config.mode, kubeconfig: config.kubeconfig, context: config.context }, config.namespaces, warn);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof K8sError) return error.message;
    return 'Unexpected error while checking the cluster connection.';
  }
}
