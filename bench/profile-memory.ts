/**
 * Where the hub's bytes per pod go: `node --conditions=react-server --expose-gc --import tsx
 * bench/profile-memory.ts [pods]`. Measures heap after GC for the raw items, the digests alone,
 * the hub after applyPodList (digest + observations + maps) and after flush (derived row,
 * findings, fleet share, totals).
 */
import { toPodDigest } from '../lib/model/digest';
import { createHub, startChurnSim } from './sim-hub';
import { bytes, heapAfterGc } from './stats';

const pods = Number(process.argv[2] ?? 20_000);
const churn = await startChurnSim(pods);
const raw = JSON.parse(JSON.stringify(churn.sim.store.list('pods'))) as unknown[];
await churn.sim.close();
const n = raw.length;
const line = (what: string, delta: number) => console.log(`${what.padEnd(44)} ${bytes(delta / n)} / pod`);

let base = await heapAfterGc();
const digests = raw.map((r) => toPodDigest(r));
line('digests alone (toPodDigest)', (await heapAfterGc()) - base);
const sample = digests[0];
console.log('one digest as JSON:', JSON.stringify(sample).length, 'chars');
digests.length = 0;

base = await heapAfterGc();
const hub = createHub(() => Date.now());
hub.applyPodList('*', raw);
line('hub after applyPodList (digest, observations)', (await heapAfterGc()) - base);
base = await heapAfterGc();
hub.flush();
line('+ flush (row, findings, fleet, totals)', (await heapAfterGc()) - base);
const entry = hub.pods().next().value;
if (entry) {
  console.log(
    'observations JSON:',
    JSON.stringify(entry.observations ?? {}).length,
    'chars; derived JSON:',
    JSON.stringify(entry.derived ?? {}).length,
    'chars',
  );
  console.log('row:', JSON.stringify(entry.derived?.row).slice(0, 600));
}
process.exit(0);
