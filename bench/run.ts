/**
 * `npm run bench [-- --sizes 1000,10000] [--soak 180] [--rss-minutes 10] [--no-rss] [--no-browser] [--no-stream] [--no-analyze] [--no-store]`:
 * measures the hub against the simulated cluster (in a child process) and rewrites the "Latest
 * run" part of docs/benchmarks.md. `--only sync`, `--only stream` and `--only rss` print their figures as JSON
 * and leave the document alone (for development, at 10,000-20,000 pods); `--only rss --rss-namespaces N` measures a server watching
 * N of the sim's 20 namespaces, as one release of a split by namespace set. `--only store [--sizes 10000] [--note "…"]` measures the history store alone
 * and rewrites only its section. Never part of the unit suite: numbers here are reports, not
 * assertions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { guard, installCrashGuard } from './crash-guard';
import { measureAnalyze } from './measure-analyze';
import { measureBrowser } from './measure-browser';
import { measureStream } from './measure-stream';
import { measurePrometheus } from './measure-prometheus';
import { measureRss } from './measure-rss';
import { measureSync } from './measure-sync';
import { measureThroughput } from './measure-throughput';
import { measureStore, type StoreResult } from './measure-store';
import { renderStore, withStoreSection } from './report-store';
import { renderRun, type BenchRun } from './report';
import { soak } from './soak';

const DOC = 'docs/benchmarks.md';
const MARK = '<!-- bench:latest -->';

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,50000,100000' },
      soak: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      'no-stream': { type: 'boolean', default: false },
      'no-analyze': { type: 'boolean', default: false },
      'no-store': { type: 'boolean', default: false },
      'no-rss': { type: 'boolean', default: false },
      'rss-minutes': { type: 'string', default: '10' },
      // `--only rss` while developing: `cli` measures `sidecarscope serve` instead of the image's
      // bundled server; `--rss-probe` adds where the memory is; `--rss-node-options` tries V8 flags.
      'rss-server': { type: 'string', default: 'bundle' },
      'rss-probe': { type: 'boolean', default: false },
      'rss-node-options': { type: 'string', default: '' },
      // `--rss-heapsnapshot DIR` (with --rss-probe): heap snapshots of the server at each probe, for bench/heap-summary.ts;
      // `--rss-env K=V,K=V` adds to the server's environment (e.g. MALLOC_ARENA_MAX=2).
      'rss-heapsnapshot': { type: 'string' },
      'rss-env': { type: 'string', default: '' },
      // `--rss-namespaces N`: the server watches the sim's first N of its 20 namespaces, as one release of a split by namespace set (deploy.md).
      'rss-namespaces': { type: 'string' },
      only: { type: 'string' },
      note: { type: 'string', default: '' },
      port: { type: 'string', default: '3917' },
    },
  });
  const sizes = (values.sizes ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) throw new Error('--sizes must list pod counts, e.g. 1000,10000');
  if (!(Number(values['rss-minutes']) >= 0)) throw new Error('--rss-minutes must be a number of minutes');
  if (values['rss-server'] !== 'bundle' && values['rss-server'] !== 'cli') throw new Error('--rss-server takes: bundle, cli');
  if (values.only !== undefined && !['store', 'sync', 'rss', 'stream', 'browser'].includes(values.only))
    throw new Error('--only takes: store, sync, rss, stream, browser');
  return {
    sizes,
    soakSeconds: values.soak === undefined ? undefined : Number(values.soak),
    browser: !values['no-browser'],
    stream: !values['no-stream'],
    analyze: !values['no-analyze'],
    store: !values['no-store'],
    rss: !values['no-rss'],
    rssMinutes: Number(values['rss-minutes']),
    rssOptions: {
      kind: values['rss-server'] === 'cli' ? ('cli' as const) : ('bundle' as const),
      probe: values['rss-probe'] ?? false,
      nodeOptions: values['rss-node-options'],
      ...(values['rss-heapsnapshot'] ? { heapSnapshotDir: values['rss-heapsnapshot'] } : {}),
      ...namespacesOption(values['rss-namespaces']),
      env: Object.fromEntries(
        (values['rss-env'] ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => {
            const at = pair.indexOf('=');
            if (at <= 0) throw new Error('--rss-env takes NAME=value pairs separated by commas');
            return [pair.slice(0, at), pair.slice(at + 1)];
          }),
      ),
    },
    only: values.only,
    note: values.note ?? '',
    port: Number(values.port),
  };
}

/** The release of a split the full run measures beside the one process: its values, and how many of the sim's 20 namespaces it watches. */
const SPLIT_VALUES = 'deploy/examples/values-split-release.yaml';
const SPLIT_NAMESPACES = 4;

/** `--rss-namespaces N`: how many of the churn sim's 20 namespaces the measured server watches. */
function namespacesOption(count: string | undefined): { namespaces?: number } {
  if (count === undefined) return {};
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error('--rss-namespaces takes a number of namespaces from 1 to 20');
  return { namespaces: n };
}

/** The store at each size of 10,000 and more (or the largest given), written to its own section. */
async function storeSection(sizes: number[], note: string): Promise<void> {
  const results: StoreResult[] = [];
  for (const pods of sizes.filter((n) => n >= 10_000).concat(sizes.every((n) => n < 10_000) ? [Math.max(...sizes)] : [])) {
    log(`history store at ${pods} pods`);
    results.push(await measureStore(pods));
  }
  writeFileSync(DOC, withStoreSection(readFileSync(DOC, 'utf8'), renderStore(results, note || 'machine not otherwise described'), MARK));
  log(`wrote the store section of ${DOC}`);
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  installCrashGuard();
  const o = options();
  if (o.only === 'store') return storeSection(o.sizes, o.note);
  // Quick looks while developing: figures printed as JSON, the document left alone.
  if (o.only === 'sync') {
    for (const pods of o.sizes) console.log(JSON.stringify(await measureSync(pods)));
    return;
  }
  if (o.only === 'stream') {
    for (const pods of o.sizes) console.log(JSON.stringify({ pods, results: await measureStream(pods, [1, 20, 100]) }));
    return;
  }
  if (o.only === 'browser') {
    for (const pods of o.sizes) console.log(JSON.stringify(await measureBrowser(pods, o.port)));
    return;
  }
  if (o.only === 'rss') {
    for (const pods of o.sizes) console.log(JSON.stringify(await measureRss(pods, o.rssMinutes, o.port, o.rssOptions)));
    return;
  }
  const t0 = performance.now();
  const run: BenchRun = {
    sync: [],
    throughput: [],
    prometheus: [],
    stream: undefined,
    analyze: undefined,
    browser: [],
    soak: undefined,
    rss: undefined,
    rssRelease: undefined,
    abortCrashes: 0,
    totalSeconds: 0,
  };
  for (const pods of o.sizes) {
    log(`sync ${pods}`);
    run.sync.push(await measureSync(pods));
  }
  const largest = Math.max(...o.sizes);
  log('throughput');
  run.throughput.push(await measureThroughput(Math.min(largest, 10_000)));
  if (largest >= 100_000) run.throughput.push(await measureThroughput(100_000));
  for (const pods of o.sizes.filter((n) => n === 10_000 || n === 100_000)) {
    log(`prometheus query load ${pods}`);
    run.prometheus.push(await measurePrometheus(pods));
  }
  if (o.stream) {
    const pods = Math.min(largest, 10_000);
    log(`stream latency on ${pods} pods`);
    run.stream = { pods, results: await measureStream(pods, [1, 20, 100]) };
  }
  if (o.analyze) {
    log(`analyze ${largest}`);
    run.analyze = await measureAnalyze(largest);
  }
  if (o.browser) {
    for (const pods of o.sizes.filter((n) => n >= 10_000 && (n === 10_000 || n === 100_000 || n === largest))) {
      log(`browser ${pods}`);
      run.browser.push(await measureBrowser(pods, o.port));
    }
  }
  if (o.rss) {
    const pods = o.sizes.includes(100_000) ? 100_000 : largest;
    log(`server RSS at ${pods} pods, ${o.rssMinutes} min of churn`);
    run.rss = await measureRss(pods, o.rssMinutes, o.port, { probe: true }).catch((error: unknown) => {
      log(`server RSS not measured: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    // One release of a split by namespace set, as deploy.md sizes it: the same sim, the server
    // watching 4 of its 20 namespaces with the example release's values.
    log(`server RSS of one release of a split: ${SPLIT_NAMESPACES} of 20 namespaces of ${pods} pods, ${SPLIT_VALUES}`);
    run.rssRelease = await measureRss(pods, o.rssMinutes, o.port, { probe: true, namespaces: SPLIT_NAMESPACES, valuesFile: SPLIT_VALUES }).catch(
      (error: unknown) => {
        log(`release RSS not measured: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      },
    );
  }
  if (o.soakSeconds !== undefined) {
    log(`soak ${o.soakSeconds} s`);
    run.soak = await soak(o.soakSeconds);
  }
  if (o.store) await storeSection(o.sizes, o.note);
  run.abortCrashes = guard.abortCrashes;
  run.totalSeconds = (performance.now() - t0) / 1000;
  const doc = readFileSync(DOC, 'utf8');
  const head = doc.includes(MARK) ? doc.slice(0, doc.indexOf(MARK)) : `${doc}\n`;
  writeFileSync(DOC, `${head}${MARK}\n\n${renderRun(run)}`);
  log(`wrote ${DOC}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
