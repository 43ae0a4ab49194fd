/**
 * The parent's side of bench/sim-process.ts: starts the churn sim in a child process and talks to
 * it over IPC. What the hub sees is the same HTTP API and kubeconfig as with the in-process sim.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadKubeConfig } from '../lib/k8s/kubeconfig';
import { createKubeTransport } from '../lib/k8s/transport';
import type { KubeTransport } from '../lib/k8s/transport-types';
import type { SimMessage, SimProcessConfig, SimRequest } from './sim-process';

type Request = SimRequest extends infer R ? (R extends SimRequest ? Omit<R, 'id'> : never) : never;

export interface RemoteSim {
  url: string;
  kubeconfigPath: string;
  /** Pods when the sim was ready (the churn generator's names can collide: at most the asked count). */
  pods: number;
  transport: KubeTransport;
  child: ChildProcess;
  /** Every pod in the sim's store now: uid → resourceVersion. */
  podVersions(): Promise<Map<string, string>>;
  fault(fault: 'dropWatches' | 'dropWatchesAbrupt' | 'compact'): Promise<void>;
  pause(): Promise<void>;
  /** Pod changes as they happen, each with its time on this process's `performance.now()` scale and its resourceVersion. */
  onChanges(listener: ((uid: string, at: number, resourceVersion: number) => void) | undefined): Promise<void>;
  stats(): Promise<{ pods: number; updatesPerSecond: number; rss: number }>;
  /** How far the sim's clock reads from this process's (epoch ms), and the round trip that bounds it. */
  clockOffset(): Promise<{ offsetMs: number; roundTripMs: number }>;
  close(): Promise<void>;
}

/** A churn sim of `pods` pods in a child process; manual clock unless `updatesPerSecond` > 0. */
export async function startRemoteChurnSim(pods: number, updatesPerSecond = 0, options: { clusterScopeDenied?: boolean } = {}): Promise<RemoteSim> {
  const config: SimProcessConfig = { pods, updatesPerSecond, ...options };
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = fork(join(import.meta.dirname, 'sim-process.ts'), [JSON.stringify(config)], {
    execArgv: ['--conditions=react-server', '--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const waiting = new Map<number, (value: unknown) => void>();
  let listener: ((uid: string, at: number, resourceVersion: number) => void) | undefined;
  let nextId = 1;
  const ready = new Promise<Extract<SimMessage, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as SimMessage;
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`the sim process failed: ${message.message}`));
      else if (message.type === 'reply') {
        waiting.get(message.id)?.(message.value);
        waiting.delete(message.id);
      } else if (message.type === 'changes' && listener) {
        // Both processes' time origins are on the system clock: the change's epoch time on our scale.
        for (const [uid, epoch, rv] of message.changes) listener(uid, epoch - performance.timeOrigin, rv);
      }
    });
    child.once('exit', (code) => reject(new Error(`the sim process exited (${code}) before it was ready`)));
  });
  const ask = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error('the sim process is gone'));
      const id = nextId++;
      waiting.set(id, resolve as (value: unknown) => void);
      child.send({ ...request, id } as SimRequest);
    });
  const {
    url,
    kubeconfigPath,
    pods: count,
  } = await ready.catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  child.removeAllListeners('exit');
  const transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: kubeconfigPath }));
  return {
    url,
    kubeconfigPath,
    pods: count,
    transport,
    child,
    podVersions: async () => new Map(await ask<[string, string][]>({ type: 'pods' })),
    fault: async (fault) => void (await ask({ type: 'fault', fault })),
    pause: async () => void (await ask({ type: 'pause' })),
    onChanges: async (fn) => {
      listener = fn;
      await ask({ type: 'changes', on: fn !== undefined });
    },
    stats: () => ask({ type: 'stats' }),
    clockOffset: async () => {
      const sent = performance.now();
      const theirs = await ask<number>({ type: 'clock' });
      const back = performance.now();
      return { offsetMs: theirs - (performance.timeOrigin + (sent + back) / 2), roundTripMs: back - sent };
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await Promise.race([ask({ type: 'stop' }), exited]);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Every pod of the sim as raw JSON, fetched over its API in pages of 500 (for in-process work on them). */
export async function fetchPods(url: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let cont: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500', ...(cont ? { continue: cont } : {}) });
    const page = (await (await fetch(`${url}/api/v1/pods?${query}`)).json()) as { items: unknown[]; metadata?: { continue?: string } };
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}
