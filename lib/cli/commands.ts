/** The long-running commands: `demo` (simulated cluster + dashboard) and `serve` (a real cluster). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard, untilStopped } from './run-dashboard';

const log = (line: string) => process.stdout.write(`${line}\n`);

function rootDir(): string {
  return process.env.SIDECARSCOPE_ROOT ?? process.cwd();
}

function toPort(value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${value}"`);
  return port;
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
      dev: { type: 'boolean', default: false },
      'prometheus-url': { type: 'string' },
    },
  });
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new Error('--speed must be a positive number');
  const churn = values.churn === undefined ? undefined : Number(values.churn);
  if (churn !== undefined && !(Number.isInteger(churn) && churn >= 0)) throw new Error('--churn must be a whole number of pods');
  const { startSimCluster } = await import('../sim');
  const kubeconfigDir = await mkdtemp(join(tmpdir(), 'sidecarscope-demo-'));
  const sim = await startSimCluster({
    port: 0,
    speed,
    kubeconfigDir,
    scenarios: values.scenarios?.split(',').map((s) => s.trim()).filter(Boolean),
    churn: churn ? { pods: churn } : undefined,
  });
  const cleanup = async () => {
    await sim.close();
    await rm(kubeconfigDir, { recursive: true, force: true });
  };
  try {
    const server = await startDashboard({
      root: rootDir(),
      host: values.host ?? '127.0.0.1',
      port: toPort(values.port ?? process.env.PORT, 3000),
      dev: values.dev ?? false,
      env: { SIDECARSCOPE_MODE: 'demo', KUBECONFIG: sim.kubeconfigPath, SIDECARSCOPE_CONTEXT: undefined, ...prometheusEnv(values['prometheus-url']) },
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
      dev: { type: 'boolean', default: false },
      'prometheus-url': { type: 'string' },
    },
  });
  const inCluster = values['in-cluster'] ?? false;
  const env = {
    SIDECARSCOPE_MODE: inCluster ? 'in-cluster' : 'kubeconfig',
    KUBECONFIG: values.kubeconfig ?? process.env.KUBECONFIG,
    SIDECARSCOPE_CONTEXT: values.context ?? process.env.SIDECARSCOPE_CONTEXT,
    SIDECARSCOPE_NAMESPACES: values.namespace?.join(',') ?? process.env.SIDECARSCOPE_NAMESPACES,
    ...prometheusEnv(values['prometheus-url']),
  };
  const { checkConnection } = await import('../server/config');
  const problem = await checkConnection(env);
  if (problem) {
    process.stderr.write(`sidecarscope: ${problem}\n`);
    return 2;
  }
  const server = await startDashboard({
    root: rootDir(),
    host: values.host ?? (inCluster ? '0.0.0.0' : '127.0.0.1'),
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
