/**
 * The dashboard's server side (lib/server runtime: hub + live source over lib/k8s) connected to
 * a cluster as `npm start` would run it: the real API server with a given bearer token, or any
 * kubeconfig (the simulated cluster's).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { systemClock, type Clock } from '@/lib/k8s/clock';
import { createKubeTransport } from '@/lib/k8s/transport';
import type { KubeTransport } from '@/lib/k8s/transport-types';
import { readConfig } from '@/lib/server/config';
import { startLiveSource } from '@/lib/server/live-source';
import { openHistory } from '@/lib/server/history';
import { createRuntime, type Runtime } from '@/lib/server/runtime';
import type { StreamStatus } from '@/lib/model/views';
import { kubeConfigFor, type HarnessInfo } from './harness';

export interface Dashboard {
  runtime: Runtime;
  status(): StreamStatus;
  /** `namespace/name` of every live pod the hub knows. */
  podKeys(): string[];
  stop(): void;
}

export interface DashboardOptions {
  /** The namespace allow-list (`SIDECARSCOPE_NAMESPACES`). */
  namespaces?: string[];
  /** Lets a test watch the dashboard's own API traffic. */
  wrap?: (transport: KubeTransport) => KubeTransport;
  /** The hub's time (observations are stamped with it); default the system clock. */
  clock?: Clock;
  metricsIntervalMs?: number;
  /** A history data directory: the runtime records to it and is rehydrated from it. */
  dataDir?: string;
}

export function startDashboardOn(kc: KubeConfig, options: DashboardOptions = {}): Dashboard {
  const namespaces = options.namespaces ?? [];
  const clock = options.clock ?? systemClock;
  const transport = (options.wrap ?? ((t) => t))(createKubeTransport(kc));
  const config = { ...readConfig({ SIDECARSCOPE_MODE: 'kubeconfig' }), namespaces };
  const metricsIntervalMs = options.metricsIntervalMs ?? 1000;
  const history =
    options.dataDir === undefined
      ? undefined
      : openHistory({ dataDir: options.dataDir, retentionMs: 7 * 86_400_000, maxBytes: 1024 ** 3 }, 'test', () => clock.now());
  const runtime = createRuntime(config, clock, (hub) => startLiveSource(hub, { transport, clock, namespaces, metricsIntervalMs }), 'test', { history });
  return {
    runtime,
    status: () => runtime.hub.status.current(clock.now()),
    podKeys: () => [...runtime.hub.livePods()].map((pod) => pod.key),
    stop: () => runtime.stop(),
  };
}

/** The dashboard on the harness's API server, authenticated with `token`. */
export function startDashboard(info: HarnessInfo, token: string, options: DashboardOptions = {}): Dashboard {
  return startDashboardOn(kubeConfigFor(info, token, 'dashboard'), options);
}
