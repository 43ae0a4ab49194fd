/**
 * The production server as an SRE runs it, `sidecarscope serve --kubeconfig …`, against the churn
 * sim of bench/remote-sim.ts: the server's processes hold the hub alone. Resident memory is read
 * from /proc for the whole tree (the CLI, and the front server with Next.js and the hub).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuild, needsBuild } from '../lib/cli/next-process';
import { allowedHostsFor, warmUp } from '../lib/cli/run-dashboard';
import { until } from './stats';

/**
 * How the server runs: `bundle` as the container image does (Next's standalone output and the
 * esbuild bundle `sidecarscope-server.mjs`, one process), `cli` as `sidecarscope serve` does (the
 * CLI, and the front server transpiled by tsx in its own process).
 */
export type ServerKind = 'bundle' | 'cli';

const STANDALONE = join('.next', 'standalone');
const BUNDLE = join(STANDALONE, 'sidecarscope-server.mjs');

/** True when the standalone output or the server bundle is missing or older than the build. */
function needsBundle(root: string): boolean {
  const bundle = join(root, BUNDLE);
  const buildId = join(root, '.next', 'BUILD_ID');
  if (!existsSync(bundle) || !existsSync(join(root, STANDALONE, '.next', 'BUILD_ID')) || !existsSync(buildId)) return true;
  return statSync(bundle).mtimeMs < statSync(buildId).mtimeMs;
}

function runNpm(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('npm', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`npm ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * Runs `next build` when the production build is missing or older than the sources (not timed);
 * for `bundle`, as the Dockerfile does: a standalone build and `npm run build:server`.
 */
export async function buildOnce(kind: ServerKind = 'cli'): Promise<void> {
  const root = process.cwd();
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  if (kind === 'cli') return ensureBuild(root, env, log);
  const standaloneEnv = { ...env, SIDECARSCOPE_STANDALONE: '1' };
  if (needsBuild(root, standaloneEnv) || !existsSync(join(root, STANDALONE, '.next', 'BUILD_ID'))) {
    rmSync(join(root, '.next', 'BUILD_ID'), { force: true });
    await ensureBuild(root, standaloneEnv, log);
  }
  if (needsBundle(root)) {
    log('Bundling the server as the image does: npm run build:server …');
    await runNpm(root, ['run', 'build:server'], env);
  }
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resident set of every process of the server, and of the largest one (the front server). */
  rss(): { total: number; largest: number };
  /** CPU seconds used so far by the largest process (the front server). */
  cpuSeconds(): number;
  /** Where the front server's memory is (bench/rss-probe.mjs), when started with `probe`. */
  probe(): Promise<MemoryProbe | undefined>;
  stop(): Promise<void>;
}

function parentOf(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** CPU seconds (user and system) a process has used, from /proc (clock ticks of 1/100 s). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i] ?? -1) ?? []));
  return tree;
}

/** One V8 heap's figures (v8.getHeapStatistics, bytes). */
export interface HeapFigures {
  total: number;
  used: number;
  limit: number;
  external: number;
  malloced: number;
}

export interface MemoryProbe {
  before: NodeJS.MemoryUsage;
  /** The main thread's heap before the collection (absent in probes older than 2026-12-05 night). */
  heapBefore?: HeapFigures;
  spaces: Record<string, { size: number; used: number }>;
  afterGc: NodeJS.MemoryUsage;
  /** Each worker thread's heap (its own isolate: not in the figures above, but in RSS). */
  workers?: (HeapFigures & { threadId: number })[];
}

function largestOf(pids: number[]): number | undefined {
  let best: number | undefined;
  for (const pid of pids) if (best === undefined || rssOf(pid) > rssOf(best)) best = pid;
  return best;
}

/**
 * Starts the server on `port` (production build; history in a temporary directory) and waits for
 * /readyz: `sidecarscope serve --kubeconfig` (`cli`), or the image's bundled server with the
 * environment `serve` would give it (`bundle`). `probe` loads bench/rss-probe.mjs into it.
 */
export async function startServe(
  kubeconfigPath: string,
  port: number,
  options: {
    maxHeapMiB?: number;
    readyTimeoutMs?: number;
    kind?: ServerKind;
    probe?: boolean;
    nodeOptions?: string;
    /** With `probe`: each probe also writes heap snapshots here (bench/rss-probe.mjs). */
    heapSnapshotDir?: string;
    /** Added to the server's environment (e.g. MALLOC_ARENA_MAX). */
    env?: Record<string, string>;
  } = {},
): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sidecarscope-bench-'));
  const probeDir = options.probe ? mkdtempSync(join(tmpdir(), 'sidecarscope-probe-')) : undefined;
  // The chart's container runs with NODE_OPTIONS=--max-old-space-size=<maxHeapMiB>: V8 collects against that ceiling.
  const nodeOptions = [
    options.maxHeapMiB === undefined ? '' : `--max-old-space-size=${options.maxHeapMiB}`,
    options.nodeOptions ?? '',
    probeDir ? `--import=${resolve('bench', 'rss-probe.mjs')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const extra = {
    ...options.env,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    ...(probeDir ? { SIDECARSCOPE_BENCH_PROBE_DIR: probeDir } : {}),
    ...(probeDir && options.heapSnapshotDir ? { SIDECARSCOPE_BENCH_HEAPSNAPSHOT_DIR: resolve(options.heapSnapshotDir) } : {}),
  };
  const child =
    options.kind === 'bundle'
      ? spawn(process.execPath, [resolve(BUNDLE), '--port', String(port), '--hostname', '127.0.0.1'], {
          cwd: resolve(STANDALONE),
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            ...extra,
            NODE_ENV: 'production',
            SIDECARSCOPE_MODE: 'kubeconfig',
            KUBECONFIG: kubeconfigPath,
            SIDECARSCOPE_DATA_DIR: dataDir,
            SIDECARSCOPE_ALLOWED_HOSTS: allowedHostsFor('127.0.0.1', undefined),
          },
        })
      : spawn(process.execPath, ['bin/sidecarscope.mjs', 'serve', '--kubeconfig', kubeconfigPath, '--port', String(port), '--data-dir', dataDir], {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, KUBECONFIG: kubeconfigPath, ...extra },
        });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) for (const pid of processTree(child.pid ?? -1).reverse()) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`sidecarscope serve exited with ${child.exitCode}`);
        return (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true;
      },
      options.readyTimeoutMs ?? 600_000,
      'the server to be ready',
      250,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  // `serve` warms the first pages up after start; the image's server is warmed by its probes and first visitors.
  if (options.kind === 'bundle') await warmUp(`${url}/`);
  return {
    child,
    url,
    rss: () => {
      const sizes = processTree(child.pid ?? -1).map(rssOf);
      return { total: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
    },
    cpuSeconds: () => cpuSecondsOf(largestOf(processTree(child.pid ?? -1)) ?? -1),
    probe: async () => {
      const pid = largestOf(processTree(child.pid ?? -1));
      if (!probeDir || pid === undefined) return undefined;
      const file = join(probeDir, `probe-${pid}.json`);
      rmSync(file, { force: true });
      process.kill(pid, 'SIGUSR2');
      // A heap snapshot of a large heap takes minutes.
      for (let i = 0; i < (options.heapSnapshotDir ? 6_000 : 100) && !existsSync(file); i += 1) await sleep(100);
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MemoryProbe) : undefined;
    },
    stop,
  };
}
