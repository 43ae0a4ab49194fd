/**
 * The TypeScript side of e2e/kube-apiserver: what the harness wrote to harness.json, a client for
 * its control API (restart the API server, compact etcd), and kubeconfigs for any bearer token.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';

const harnessInfoSchema = z.object({
  dir: z.string(),
  server: z.string(),
  caFile: z.string(),
  kubeconfig: z.string(),
  tokens: z.object({ admin: z.string(), viewer: z.string(), namespaced: z.string(), nobody: z.string() }),
  controlUrl: z.string(),
  etcdUrl: z.string(),
  apiserverLog: z.string(),
});

/** The harness's harness.json: endpoints, CA, static tokens (admin is in system:masters). */
export type HarnessInfo = z.infer<typeof harnessInfoSchema>;

export function parseHarnessInfo(raw: unknown): HarnessInfo {
  return harnessInfoSchema.parse(raw);
}

/** A kubeconfig for the harness's API server that authenticates with `token`. */
export function kubeConfigFor(info: HarnessInfo, token: string, user = 'test-user'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'harness', server: info.server, caFile: info.caFile, skipTLSVerify: false }],
    users: [{ name: user, token }],
    contexts: [{ name: 'harness', cluster: 'harness', user }],
    currentContext: 'harness',
  });
  return kc;
}

export function adminKubeConfig(info: HarnessInfo): KubeConfig {
  return kubeConfigFor(info, info.tokens.admin, 'admin');
}

const statusSchema = z.object({ running: z.boolean(), pid: z.number(), restarts: z.number(), watchCache: z.boolean() });

/** The control API of the harness (plain HTTP on loopback). */
export interface HarnessControl {
  status(): Promise<z.infer<typeof statusSchema>>;
  /** Stops kube-apiserver (etcd keeps its data), waits `downMs`, starts it and waits for /readyz. */
  restartApiServer(options?: { downMs?: number; watchCache?: boolean }): Promise<void>;
  /** Compacts etcd at its current revision; returns that revision. */
  compactEtcd(): Promise<number>;
  /**
   * Stops the hollow kubelet (harness started with `--kubelet`; SIGKILL: a crash), waits
   * `downMs`, starts it and waits until its node is Ready. The CRI runtime and its containers
   * keep running, as containerd does while a kubelet restarts.
   */
  restartKubelet(options?: { downMs?: number; kill?: boolean }): Promise<void>;
}

async function post(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST' });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`harness control ${url}: ${JSON.stringify(body)}`);
  return body;
}

export function harnessControl(info: HarnessInfo): HarnessControl {
  const base = info.controlUrl;
  return {
    status: async () => statusSchema.parse(await (await fetch(`${base}/status`)).json()),
    async restartApiServer(options = {}) {
      const query = new URLSearchParams();
      if (options.downMs !== undefined) query.set('downMs', String(options.downMs));
      if (options.watchCache !== undefined) query.set('watchCache', String(options.watchCache));
      await post(`${base}/apiserver/restart?${query.toString()}`);
    },
    async compactEtcd() {
      return z.object({ revision: z.number() }).parse(await post(`${base}/etcd/compact`)).revision;
    },
    async restartKubelet(options = {}) {
      const query = new URLSearchParams();
      if (options.downMs !== undefined) query.set('downMs', String(options.downMs));
      if (options.kill) query.set('signal', 'KILL');
      await post(`${base}/kubelet/restart?${query.toString()}`);
    },
  };
}
