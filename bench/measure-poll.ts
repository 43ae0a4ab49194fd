/**
 * The main thread's CPU for one PodMetrics poll, phase by phase, at `--pods` churn pods (the
 * runtime's path: the list's items parsed a slice at a time, applied 2,000 at a time, the pods
 * with new samples derived in 20 ms slices, the fan-out's `takeChanges`, and with `--history`
 * the history recorder's flush of the poll's sample rows into a SQLite store in its worker thread).
 *
 *   node --conditions=react-server --expose-gc --import tsx bench/measure-poll.ts --pods 10000 [--polls 6] [--history]
 *
 * `--max-samples N` sets the hub's sample budget (`pods × 2` is what 100,000 pods get by default).
 * Add `--cpu-prof` after `node` for a profile. Thread CPU (`process.threadCpuUsage`) per phase,
 * the median over the polls after the first two (the ring fills: each pod keeps its budget of
 * samples). The sim runs in this process on a manual clock; its serving is not timed.
 */
import { parseArgs } from 'node:util';
import { listItemSlices } from '../lib/k8s/list-items';
import { HistoryRecorder } from '../lib/history/recorder';
import { SqliteWorkerStore } from '../lib/history/sqlite-worker-store';
import { aDataDir } from '../lib/history/testing';
import { Hub } from '../lib/server/hub';
import { applyMetricsInSlices, DERIVE_SLICE_MS } from '../lib/server/live-source';
import { startChurnSim } from './sim-hub';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '10000' },
    polls: { type: 'string', default: '6' },
    history: { type: 'boolean', default: false },
    'max-samples': { type: 'string' },
  },
});
const pods = Number(values.pods);
const polls = Number(values.polls);

const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.threadCpuUsage(since);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const { sim } = await startChurnSim(pods);
const dir = values.history ? aDataDir() : undefined;
const store = dir ? new SqliteWorkerStore('bench', { dir: dir.dir }) : undefined;
const recorder = store ? new HistoryRecorder(store, { now: () => sim.engine.now() }) : undefined;
const hub = new Hub({
  now: () => sim.engine.now(),
  cluster: { name: 'bench', mode: 'demo' },
  retentionMs: 3_600_000,
  maxDeleted: 5_000,
  metricsHistoryMs: 3_600_000,
  ...(values['max-samples'] ? { metricsMaxSamples: Number(values['max-samples']) } : {}),
  ...(recorder ? { history: recorder } : {}),
});
const listed = JSON.parse(await (await fetch(`${sim.url}/api/v1/pods`)).text()) as { items: unknown[] };
hub.applyPodList('*', listed.items);
hub.setLoopStatus('pods:*', { state: 'connected' });
hub.takeChanges();
await recorder?.flush();

const phases = { parse: [] as number[], apply: [] as number[], derive: [] as number[], changes: [] as number[], history: [] as number[] };
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
for (let poll = 0; poll < polls; poll += 1) {
  sim.engine.advance(15_000);
  const text = await (await fetch(`${sim.url}/apis/metrics.k8s.io/v1beta1/pods`)).text();
  let t = process.threadCpuUsage();
  const items: unknown[] = [];
  for (const slice of listItemSlices(text)) items.push(...slice);
  phases.parse.push(cpu(t));
  t = process.threadCpuUsage();
  await applyMetricsInSlices(hub, { available: true, items }, 2_000, async () => {});
  phases.apply.push(cpu(t));
  t = process.threadCpuUsage();
  while (!hub.deriveMetricsSome(DERIVE_SLICE_MS)) await yieldToLoop();
  phases.derive.push(cpu(t));
  t = process.threadCpuUsage();
  const changes = hub.takeChanges();
  phases.changes.push(cpu(t));
  t = process.threadCpuUsage();
  await recorder?.flush();
  phases.history.push(cpu(t));
  if (poll === polls - 1) console.error(`last poll: ${items.length} items, ${changes.changed.size} pods derived, ${changes.upserts.length} rows changed`);
}
const steady = (xs: number[]) => median(xs.slice(Math.min(2, xs.length - 1)));
const result = Object.fromEntries(Object.entries(phases).map(([k, xs]) => [k, { ms: Math.round(steady(xs)), all: xs.map(Math.round) }]));
const total = Object.values(phases).reduce((sum, xs) => sum + steady(xs), 0);
console.log(
  JSON.stringify({
    pods,
    polls,
    history: values.history,
    samplesPerPod: hub.samplesPerPod(),
    phases: result,
    totalMs: Math.round(total),
    usPerPod: Math.round((total * 1000) / pods),
  }),
);
await store?.close();
dir?.remove();
await sim.close();
