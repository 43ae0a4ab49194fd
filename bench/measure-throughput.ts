/**
 * Sustained update throughput on one core: watch-event lines parsed and applied to a synced hub,
 * with a `takeChanges()` (derive lifecycles and findings, build rows) every 250 events, as the
 * stream fan-out does each tick.
 */
import { createHub, startChurnSim } from './sim-hub';

export interface ThroughputResult {
  pods: number;
  updates: number;
  perSecond: number;
}

interface RawPod {
  metadata: { resourceVersion?: string };
  status?: { containerStatuses?: { restartCount?: number; ready?: boolean }[] };
}

/** Watch-event lines: each pod in turn with its app restarted once more and a new resourceVersion. */
function updateLines(items: RawPod[], updates: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < updates; k += 1) {
    const pod = structuredClone(items[k % items.length]) as RawPod;
    pod.metadata.resourceVersion = String(10_000_000 + k);
    const app = pod.status?.containerStatuses?.[0];
    if (app) {
      app.restartCount = (app.restartCount ?? 0) + 1 + Math.floor(k / items.length);
      app.ready = k % 2 === 0;
    }
    lines.push(JSON.stringify({ type: 'MODIFIED', object: pod }));
  }
  return lines;
}

export async function measureThroughput(pods: number, updates = 20_000): Promise<ThroughputResult> {
  const churn = await startChurnSim(pods);
  try {
    const items = churn.sim.store.list('pods') as unknown as RawPod[];
    const hub = createHub(() => churn.sim.engine.now());
    hub.applyPodList('*', structuredClone(items));
    hub.takeChanges();
    const lines = updateLines(items, updates);
    const t0 = performance.now();
    for (let k = 0; k < lines.length; k += 1) {
      const event = JSON.parse(lines[k] ?? '{}') as { object: unknown };
      hub.applyPodEvent('MODIFIED', event.object);
      if (k % 250 === 249) hub.takeChanges();
    }
    hub.takeChanges();
    const seconds = (performance.now() - t0) / 1000;
    return { pods, updates, perSecond: updates / seconds };
  } finally {
    await churn.sim.close();
  }
}
