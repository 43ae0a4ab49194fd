/** The history store's section of docs/benchmarks.md, kept between its own marks (see run.ts). */
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import type { StoreResult } from './measure-store';
import { bytes, count, ms } from './stats';

export const STORE_START = '<!-- bench:store -->';
export const STORE_END = '<!-- /bench:store -->';

export function renderStore(results: StoreResult[], note: string): string {
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const head = [
    '## History store (`npm run bench -- --only store`)',
    '',
    `- date: ${new Date().toISOString()}; machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; commit: ${commit}`,
    `- ${note}`,
    '',
    '| pods | updates/s | writer | loop delay p99 | longest loop delay (main thread blocked) | longest hand-over of one transaction (loop blocked) p99 / max | main-thread CPU per second |',
    '|---:|---:|---|---:|---:|---:|---:|',
    ...results.flatMap((r) => [
      `| ${count(r.pods)} | ${count(r.rate)} | no store | ${ms(r.loopP99WithoutMs)} | ${ms(r.loopMaxWithoutMs)} | — | ${ms(r.cpuPerSecondWithoutMs)} |`,
      `| ${count(r.pods)} | ${count(r.rate)} | main thread (before) | ${ms(r.mainThread.loopP99Ms)} | ${ms(r.mainThread.loopMaxMs)} | ${ms(r.mainThread.chunkP99Ms)} / ${ms(r.mainThread.chunkMaxMs)} | ${ms(r.mainThread.cpuPerSecondMs)} |`,
      `| ${count(r.pods)} | ${count(r.rate)} | worker thread | ${ms(r.loopP99WithMs)} | ${ms(r.loopMaxWithMs)} | ${ms(r.chunkP99Ms)} / ${ms(r.chunkMaxMs)} | ${ms(r.cpuPerSecondWithMs)} |`,
    ]),
    '',
    '| pods | flush of a 1 s batch (worker; transactions of 500) p50 / p99 / max | write cost per record (wall) | bytes per version | bytes per raw sample | bytes per pod-day |',
    '|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${count(r.pods)} | ${ms(r.flushP50Ms)} / ${ms(r.flushP99Ms)} / ${ms(r.flushMaxMs)} | ${r.writeUsPerUpdate.toFixed(1)} µs | ${bytes(r.bytesPerVersion)} | ${bytes(r.bytesPerRawSample)} | ${bytes(r.bytesPerPodDay)} |`,
    ),
    '',
    '| pods | store filled with | first sync, no store | restart to ready (rehydrate) | cluster at T (rows): through the worker (main-thread CPU) / on a main-thread connection (main-thread CPU) | summary at T | pod page of a pod deleted 6 days ago |',
    '|---:|---|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${count(r.pods)} | ${count(r.fillPods)} deleted pods over 6 days + the run: ${bytes(r.fillBytes)}, ${count(r.fillRows.pods)} pods, ${count(r.fillRows.versions)} versions, ${count(r.fillRows.samples)} sample rows (written in ${r.fillSeconds.toFixed(0)} s) | ${ms(r.firstSyncMs)} | ${ms(r.restartToReadyMs)} (${ms(r.rehydrateMs)}) | ${ms(r.clusterAtMs)} (${ms(r.clusterAtLoopMs)}) / ${ms(r.clusterAtMainThreadMs)} (${ms(r.clusterAtMainThreadLoopMs)}) | ${ms(r.summaryAtMs)} | ${ms(r.deletedPodPageMs)} |`,
    ),
  ];
  return `${STORE_START}\n${head.join('\n')}\n${STORE_END}`;
}

/** `doc` with the store section replaced, or inserted before `before` (the latest run's mark). */
export function withStoreSection(doc: string, section: string, before: string): string {
  if (doc.includes(STORE_START) && doc.includes(STORE_END))
    return doc.slice(0, doc.indexOf(STORE_START)) + section + doc.slice(doc.indexOf(STORE_END) + STORE_END.length);
  if (doc.includes(before)) return `${doc.slice(0, doc.indexOf(before))}${section}\n\n${doc.slice(doc.indexOf(before))}`;
  return `${doc}\n${section}\n`;
}
