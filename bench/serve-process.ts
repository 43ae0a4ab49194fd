/**
 * The production server as an SRE runs it, `sidecarscope serve --kubeconfig …`, against the churn
 * sim of bench/remote-sim.ts: the server's processes hold the hub alone. Resident memory is read
 * from /proc for the whole tree (the CLI, and the front server with Next.js and the hub).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild } from '../lib/cli/next-process';
import { until } from './stats';

/** Runs `next build` when the production build is missing or older than the sources (not timed). */
export async function buildOnce(): Promise<void> {
  await ensureBuild(process.cwd(), { ...process.env, NODE_ENV: 'production' }, (line) => process.stderr.write(`bench: ${line}\n`));
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resident set of every process of the server, and of the largest one (the front server). */
  rss(): { total: number; largest: number };
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

/** Starts `sidecarscope serve` on `port` (production build; history in a temporary directory) and waits for /readyz. */
export async function startServe(kubeconfigPath: string, port: number, options: { maxHeapMiB?: number; readyTimeoutMs?: number } = {}): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sidecarscope-bench-'));
  // The chart's container runs with NODE_OPTIONS=--max-old-space-size=<maxHeapMiB>: V8 collects against that ceiling.
  const heap = options.maxHeapMiB === undefined ? {} : { NODE_OPTIONS: `--max-old-space-size=${options.maxHeapMiB}` };
  const child = spawn(process.execPath, ['bin/sidecarscope.mjs', 'serve', '--kubeconfig', kubeconfigPath, '--port', String(port), '--data-dir', dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: kubeconfigPath, ...heap },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) for (const pid of processTree(child.pid ?? -1).reverse()) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
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
  return {
    child,
    url,
    rss: () => {
      const sizes = processTree(child.pid ?? -1).map(rssOf);
      return { total: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
    },
    stop,
  };
}
