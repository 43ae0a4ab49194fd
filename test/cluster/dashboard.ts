/**
 * The dashboard's server side (lib/server runtime: hub + live source over lib/k8s) connected to
 * the real API server with a given bearer token, as `npm start` would run it.
 */
import { systemClock } from '@/lib/k8s/clock';
import { createKubeTransport } from '@/lib/k8s/transport';
import type { KubeTransport } from '@/lib/k8s/transport-types';
import { readConfig } from '@/lib/server/config';
import { defaultModel } from '@/lib/server/default-model';
import { startLiveSource } from '@/lib/server/live-source';
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

/** `wrap` lets a test watch the dashboard's own API traffic. */
export function startDashboard(info: HarnessInfo, token: string, namespaces: string[] = [], wrap: (t: KubeTransport) => KubeTransport = (t) => t): Dashboard {
  const transport = wrap(createKubeTransport(kubeConfigFor(info, token, 'dashboard')));
  const config = { ...readConfig({ SIDECARSCOPE_MODE: 'kubeconfig' }), namespaces };
  const runtime = createRuntime(config, defaultModel, systemClock, (hub) => startLiveSource(hub, { transport, clock: systemClock, namespaces, metricsIntervalMs: 1000 }), 'harness');
  return {
    runtime,
    status: () => runtime.hub.status.current(Date.now()),
    podKeys: () => [...runtime.hub.live.keys()],
    stop: () => runtime.stop(),
  };
}
