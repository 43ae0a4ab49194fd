/**
 * The pieces every measurement shares: a simulated cluster of churn pods, a hub built like the
 * runtime builds it, and the real client transport between them.
 */
import { loadKubeConfig } from '../lib/k8s/kubeconfig';
import { createKubeTransport } from '../lib/k8s/transport';
import type { KubeTransport } from '../lib/k8s/transport-types';
import { Hub } from '../lib/server/hub';
import { startSimCluster, type SimCluster } from '../lib/sim';

export interface ChurnSim {
  sim: SimCluster;
  transport: KubeTransport;
}

/** A sim of `pods` churn pods only; manual clock unless `updatesPerSecond` asks for real time. */
export async function startChurnSim(pods: number, updatesPerSecond = 0): Promise<ChurnSim> {
  const sim = await startSimCluster({
    manualClock: updatesPerSecond === 0,
    scenarios: ['churn'],
    churn: { pods, updatesPerSecond, namespaces: 20 },
    historyWindow: 50_000,
    bookmarkIntervalMs: 5_000,
  });
  const transport = createKubeTransport(loadKubeConfig({ mode: 'demo', kubeconfig: sim.kubeconfigPath }));
  return { sim, transport };
}

/** A hub with the runtime's defaults (see lib/server/config.ts). */
export function createHub(now: () => number): Hub {
  return new Hub({
    now,
    cluster: { name: 'bench', mode: 'demo' },
    retentionMs: 3_600_000,
    maxDeleted: 5_000,
    metricsHistoryMs: 3_600_000,
  });
}
