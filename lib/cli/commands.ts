/** The long-running commands: `demo` (simulated cluster + dashboard) and `serve` (a real cluster). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuild } from './next-process';
import { allowedHostsFor, startDashboard, untilStopped } from './run-dashboard';

const log = (line: string) => process.stdout.write(`${line}\n`);

function rootDir(): string {
  return process.env.SIDECARSCOPE_ROOT ?? process.cwd();
}

function toPort(value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${value}"`);
  return port;
}

/** `--deny events,pods`: resources the simulated cluster's RBAC refuses (to see the degraded states). */
function toDenied<T extends string>(value: string | undefined, allowed: readonly T[]): T[] {
  const names =
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return names.map((name) => {
    const resource = allowed.find((a) => a === name);
    if (!resource) throw new Error(`--deny takes ${allowed.join(', ')}, not "${name}"`);
    return resource;
  });
}

/** `sidecarscope demo`: the simulated cluster in this process, the dashboard beside it. */
export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string', default: '1' },
      scenarios: { type: 'string' },
      churn: { type: 'string' },
      deny: { type: 'string' },
      'data-dir': { type: 'string' },
      dev: { type: 'boolean', default: false },
      'prometheus-url': { type: 'string' },
    },
  });
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new Error('--speed must be a positive number');
  const churn = values.churn === undefined ? undefined : Number(values.churn);
  if (churn !== undefined && !(Number.isInteger(churn) && churn >= 0)) throw new Error('--churn must be a whole number of pods');
  // Built before the simulated cluster starts, so the dashboard watches its pods from their first
  // seconds: only a watcher sees when a container becomes started or ready.
  if (!values.dev) await ensureBuild(rootDir(), { ...process.env, NODE_ENV: 'production' }, log);
  const { DENIABLE_RESOURCES, startSimCluster } = await import('../sim');
  const deny = toDenied(values.deny, DENIABLE_RESOURCES);
  const kubeconfigDir = await mkdtemp(join(tmpdir(), 'sidecarscope-demo-'));
  // The demo keeps its history in a temporary directory (removed on exit) unless given one.
  const dataDir = values['data-dir'] ?? join(kubeconfigDir, 'history');
  const sim = await startSimCluster({
    port: 0,
    speed,
    kubeconfigDir,
    scenarios: values.scenarios
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    churn: churn ? { pods: churn } : undefined,
    deny,
  });
  const cleanup = async () => {
    await sim.close();
    await rm(kubeconfigDir, { recursive: true, force: true });
  };
  try {
    const host = values.host ?? '127.0.0.1';
    const server = await startDashboard({
      root: rootDir(),
      host,
      port: toPort(values.port ?? process.env.PORT, 3000),
      dev: values.dev ?? false,
      // The simulated cluster's logs are made up: the demo reads them unless told not to.
      env: {
        SIDECARSCOPE_MODE: 'demo',
        KUBECONFIG: sim.kubeconfigPath,
        SIDECARSCOPE_CONTEXT: undefined,
        SIDECARSCOPE_DATA_DIR: dataDir,
        SIDECARSCOPE_LOGS_ENABLED: process.env.SIDECARSCOPE_LOGS_ENABLED ?? 'true',
        SIDECARSCOPE_ALLOWED_HOSTS: allowedHostsFor(host, process.env.SIDECARSCOPE_ALLOWED_HOSTS),
        ...prometheusEnv(values['prometheus-url']),
      },
      log,
    });
    log(`Sidecarscope demo on a simulated cluster`);
    log(`  dashboard:  ${server.url}`);
    log(`  kubeconfig: ${sim.kubeconfigPath}`);
    log(`  try:        kubectl --kubeconfig ${sim.kubeconfigPath} get pods -A -w`);
    log(`  scrape:     ${sim.url}/metrics/cadvisor ${sim.url}/metrics/kube-state-metrics ${server.url}/metrics`);
    log(`Press Ctrl-C to stop.`);
    return await untilStopped(server, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** `--prometheus-url` overrides `SIDECARSCOPE_PROMETHEUS_URL` (checked by the server's config at start). */
function prometheusEnv(url: string | undefined): Record<string, string> {
  return url === undefined ? {} : { SIDECARSCOPE_PROMETHEUS_URL: url };
}

/** `sidecarscope serve`: the dashboard on the cluster of a kubeconfig, or in-cluster. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', multiple: true },
      'in-cluster': { type: 'boolean', default: false },
      logs: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      dev: { type: 'boolean', default: false },
      'prometheus-url': { type: 'string' },
    },
  });
  const inCluster = values['in-cluster'] ?? false;
  const host = values.host ?? (inCluster ? '0.0.0.0' : '127.0.0.1');
  const env = {
    SIDECARSCOPE_ALLOWED_HOSTS: allowedHostsFor(host, process.env.SIDECARSCOPE_ALLOWED_HOSTS),
    SIDECARSCOPE_MODE: inCluster ? 'in-cluster' : 'kubeconfig',
    KUBECONFIG: values.kubeconfig ?? process.env.KUBECONFIG,
    SIDECARSCOPE_CONTEXT: values.context ?? process.env.SIDECARSCOPE_CONTEXT,
    SIDECARSCOPE_NAMESPACES: values.namespace?.join(',') ?? process.env.SIDECARSCOPE_NAMESPACES,
    SIDECARSCOPE_LOGS_ENABLED: values.logs ? 'true' : process.env.SIDECARSCOPE_LOGS_ENABLED,
    SIDECARSCOPE_DATA_DIR: values['data-dir'] ?? process.env.SIDECARSCOPE_DATA_DIR,
    ...prometheusEnv(values['prometheus-url']),
  };
  const { checkConnection, readConfig } = await import('../server/config');
  const { checkHistoryStore } = await import('../history/check');
  let history: { dataDir: string; databaseUrl?: string } | undefined;
  try {
    history = readConfig({ ...process.env, ...env }).history;
  } catch {
    history = undefined; // checkConnection names the bad setting.
  }
  const problem = (history && history.databaseUrl === undefined ? checkHistoryStore(history.dataDir) : undefined) ?? (await checkConnection(env));
  if (problem) {
    process.stderr.write(`sidecarscope: ${problem}\n`);
    return 2;
  }
  const server = await startDashboard({
    root: rootDir(),
    host,
    port: toPort(values.port ?? process.env.PORT, 3000),
    dev: values.dev ?? false,
    env,
    log,
  });
  log(`Sidecarscope on ${inCluster ? 'this cluster (service account)' : `context ${env.SIDECARSCOPE_CONTEXT ?? '(current)'}`}`);
  log(`  dashboard: ${server.url}`);
  log(`Press Ctrl-C to stop.`);
  return untilStopped(server, async () => undefined);
}
