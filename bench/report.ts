/** Renders a bench run as docs/benchmarks.md: machine, commit, one table per measurement. */
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { AnalyzeResult } from './measure-analyze';
import type { BrowserResult } from './measure-browser';
import type { PrometheusLoadResult } from './measure-prometheus';
import type { StreamResult } from './measure-stream';
import type { RssResult } from './measure-rss';
import type { SyncResult } from './measure-sync';
import type { ThroughputResult } from './measure-throughput';
import type { SoakResult } from './soak';
import { bytes, count, ms } from './stats';

export interface BenchRun {
  sync: SyncResult[];
  throughput: ThroughputResult[];
  prometheus: PrometheusLoadResult[];
  stream: { pods: number; results: StreamResult[] } | undefined;
  analyze: AnalyzeResult | undefined;
  browser: BrowserResult[];
  soak: SoakResult | undefined;
  rss: RssResult | undefined;
  /** One release of a split by namespace set (deploy/examples/values-split-release.yaml) on the same sim. */
  rssRelease?: RssResult | undefined;
  abortCrashes: number;
  totalSeconds: number;
}

function machine(): string {
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const dirty = execSync('git status --porcelain --untracked-files=no').toString().trim() ? ' (working tree has uncommitted changes)' : '';
  return `- date: ${new Date().toISOString()}\n- machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}\n- commit: ${commit}${dirty}`;
}

const mark = (ok: boolean) => (ok ? '✅' : '❌');

function syncTable(rows: SyncResult[]): string {
  const lines = rows.map(
    (r) =>
      `| ${count(r.pods)} | ${ms(r.baselineMs)} | ${ms(r.hubSyncMs)} | ${(r.hubSyncMs / r.baselineMs).toFixed(2)}× | ${ms(r.baselineCpuMs)} / ${ms(r.hubCpuMs)} | ${ms(r.loopDelayP99Ms)} / ${ms(r.loopDelayMaxMs)} | ${bytes(r.hubBytesPerPod)} | ${bytes(r.informerBytesPerPod)} | ${bytes(r.wireBytesPerPod)} |`,
  );
  return [
    "The sim serves from a child process: the baseline and the sync are this process's work and its waiting for the sim.",
    '',
    '| pods | baseline (pages + JSON.parse) | hub sync | ratio | CPU of this process: baseline / sync | loop delay during sync: p99 / max | hub retained / pod | informer cache / pod | wire JSON / pod |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

function streamTable(stream: NonNullable<BenchRun['stream']>): string {
  const lines = stream.results.map(
    (r) =>
      `| ${r.clients} | ${count(r.rate)}/s | ${count(r.samples)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.resyncs} | ${count(r.undelivered)} | ${count(r.unseen)} |`,
  );
  return [
    `Sim of ${count(stream.pods)} pods, real time, in a child process (change times and versions sent over IPC; each change matched to the first delta after the hub applied its version). Undelivered: changes of the window no delta named within 5 s (counted as infinite). Unseen: changes whose row ended as it was (no delta names them; not counted).`,
    '',
    '| clients | updates | samples | p50 | p99 | resyncs | undelivered | unseen |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

function soakText(s: SoakResult): string {
  const samples = s.heapSamples.map((h) => bytes(h)).join(', ');
  return [
    `${s.seconds} s of churn (${count(s.pods)} pods, ${count(s.rate)} updates/s), 20 reading stream clients and one that never reads, watches cut every 45 s, history compacted once.`,
    '',
    `| heap after GC, start | heap after GC, end | heap samples (no GC) | hub entries at end | mirrors the cluster | never-reading client queue | its overflows | pod watch restarts |`,
    '|---:|---:|---|---:|---|---:|---:|---:|',
    ...(s.mismatch ? [`How the hub differs from the cluster at the end: ${s.mismatch}.`, ''] : []),
    `| ${bytes(s.heapStart)} | ${bytes(s.heapEnd)} | ${samples} | ${count(s.entriesEnd)} | ${s.mirrored ? 'yes' : 'NO'} | ${bytes(s.slowClientBytes)} | ${s.slowClientOverflows} | ${s.watchRestarts} |`,
  ].join('\n');
}

/** The pods the measured server watched: all of the sim's, or its share of the namespaces (the churn sim spreads pods evenly over its 20). */
const watchedPods = (r: RssResult): number => (r.namespaces === undefined ? r.pods : r.pods * (r.namespaces / 20));

const mib = (value: number) => `${Math.round(value / 2 ** 20).toLocaleString('en-US')} MiB`;

/** The worker threads' own V8 heaps (the history writer's): their own isolates, inside "outside the V8 heap". */
const workerHeaps = (p: NonNullable<RssResult['probeEnd']>): string =>
  p.workers === undefined || p.workers.length === 0
    ? '—'
    : `${mib(p.workers.reduce((sum, w) => sum + w.total, 0))} / ${mib(p.workers.reduce((sum, w) => sum + w.used, 0))}`;

function rssText(r: RssResult): string {
  const server =
    r.server === 'bundle'
      ? "The image's server (`node sidecarscope-server.mjs` from Next's standalone output, as the Dockerfile runs it; one process)"
      : '`sidecarscope serve` (the CLI, and the front server run through tsx); in brackets the whole tree with the CLI';
  const probe = (label: string, p: RssResult['probeEnd']) =>
    p
      ? [
          `| ${label} | ${mib(p.before.rss)} | ${mib(p.before.heapTotal)} | ${mib(p.spaces.new_space?.size ?? 0)} | ${mib(p.before.heapUsed)} | ${mib(p.afterGc.heapUsed)} | ${mib(p.before.external)} | ${mib(p.before.rss - p.before.heapTotal)} | ${workerHeaps(p)} |`,
        ]
      : [];
  const probes = [...probe('after sync', r.probeAfterSync), ...probe('after churn', r.probeEnd)];
  const settings =
    r.valuesFile === undefined
      ? `the chart's settings (production build, PodMetrics every 15 s, history on, \`--max-old-space-size=${r.maxHeapMiB}\` as its \`maxHeapMiB\`)`
      : `the settings of \`${r.valuesFile}\` over the chart's (production build, PodMetrics every 15 s, history on, \`--max-old-space-size=${r.maxHeapMiB}\`)`;
  const watching =
    r.namespaces === undefined
      ? ''
      : `, watching ${r.namespaces} of its 20 namespaces (${count(watchedPods(r))} pods; Roles in them only, the cluster scope denied)`;
  return [
    `${server} with ${settings} on the churn sim of ${count(r.pods)} pods in its own process${watching}, ${count(r.rate)} updates/s asked of the whole sim (${count(r.simRate)}/s applied at the end). CPU of the server: ${r.cpuSeconds.sync.toFixed(1)} s to the after-sync reading, ${r.cpuSeconds.churn.toFixed(1)} s during the churn.`,
    '',
    ...(r.error ? [`**The server failed: ${r.error}.**`, ''] : []),
    `| pods | ready after | RSS after sync (+20 s) | RSS after churn | minutes of churn | peak | ${r.valuesFile === undefined ? 'chart default limit' : 'its limit'} | headroom at the peak | pod watch restarts: sync / churn |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${count(watchedPods(r))} | ${ms(r.readyMs)} | ${mib(r.afterSync.largest)}${r.server === 'cli' ? ` (${mib(r.afterSync.total)})` : ''} | ${mib(r.end.largest)}${r.server === 'cli' ? ` (${mib(r.end.total)})` : ''} | ${r.minutes} | ${mib(r.peak)} | ${mib(r.chartLimit)} | ${Math.round((100 * (r.chartLimit - r.peak)) / r.chartLimit)} % | ${r.podWatchRestarts?.sync ?? 'n/a'} / ${r.podWatchRestarts?.churn ?? 'n/a'} |`,
    ...(probes.length > 0
      ? [
          '',
          'Where it is (bench/rss-probe.mjs: `process.memoryUsage()`, V8 heap spaces, then a full collection for what is live):',
          '',
          "| reading | RSS | V8 heap reserved | of which young generation | heap used | live after a full GC | external | outside the V8 heap | of which worker threads' heaps: reserved / used |",
          '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
          ...probes,
        ]
      : []),
  ].join('\n');
}

/** The RSS target's row: the peak at most 512 MiB, and at most 80 % of the limit the server runs under. */
const rssTarget = (what: string, r: RssResult): string =>
  `| server RSS ≤ 512 MiB after ${r.minutes} min of churn, ${what}, under ${r.valuesFile === undefined ? "the chart's" : 'its'} limit with 20 % margin | ${mib(r.peak)} peak, limit ${mib(r.chartLimit)} | ${mark(r.error === undefined && r.peak <= 512 * 2 ** 20 && r.peak <= 0.8 * r.chartLimit)} |`;

function targets(run: BenchRun): string {
  const at100k = run.sync.find((r) => r.pods === 100_000);
  const largest = run.sync.at(-1);
  const tput = run.throughput.at(-1);
  const b100k = run.browser.find((r) => r.pods === 100_000);
  const rows = [
    at100k
      ? `| sync at 100,000 pods ≤ 1.5× baseline | ${(at100k.hubSyncMs / at100k.baselineMs).toFixed(2)}× | ${mark(at100k.hubSyncMs <= 1.5 * at100k.baselineMs)} |`
      : '| sync at 100,000 pods | not run | |',
    largest ? `| < 2 KB retained per pod (${count(largest.pods)} pods) | ${bytes(largest.hubBytesPerPod)} | ${mark(largest.hubBytesPerPod < 2048)} |` : '',
    tput ? `| 5,000 updates/s on one core (${count(tput.pods)} pods) | ${count(tput.perSecond)}/s | ${mark(tput.perSecond >= 5000)} |` : '',
    run.stream
      ? `| stream p99 ≤ 250 ms at 1,000 updates/s, with ${run.stream.results.map((r) => r.clients).join(', ')} clients | ${run.stream.results.map((r) => ms(r.p99)).join(', ')} | ${mark(run.stream.results.every((r) => r.p99 <= 250))} |`
      : '| stream p99 | not run | |',
    b100k
      ? `| 100,000-row list interactive: median of ${b100k.visitsMs.length} visits < 1 s, worst < 1.5 s | ${ms(b100k.interactiveMs)}, worst ${ms(b100k.worstInteractiveMs)} | ${mark(b100k.interactiveMs < 1000 && b100k.worstInteractiveMs < 1500)} |`
      : '| 100,000-row list | not run | |',
    at100k ? `| loop delay p99 during the sync (100,000 pods) ≤ 50 ms | ${ms(at100k.loopDelayP99Ms)} | ${mark(at100k.loopDelayP99Ms <= 50)} |` : '',
    run.rss ? rssTarget(`one process holding all ${count(run.rss.pods)} pods`, run.rss) : '| server RSS | not run | |',
    run.rssRelease
      ? rssTarget(
          `one release of a split by namespace set: ${count(watchedPods(run.rssRelease))} of the ${count(run.rssRelease.pods)} pods, \`${run.rssRelease.valuesFile ?? 'the chart'}\``,
          run.rssRelease,
        )
      : '',
  ];
  return ['| target | measured | met |', '|---|---:|:-:|', ...rows.filter(Boolean)].join('\n');
}

/** The generated part of docs/benchmarks.md. */
export function renderRun(run: BenchRun): string {
  const out = [
    '## Latest run',
    '',
    machine(),
    `- run time: ${Math.round(run.totalSeconds)} s`,
    '',
    '### Targets',
    '',
    targets(run),
    '',
    '### Initial sync and memory',
    '',
    syncTable(run.sync),
    '',
  ];
  out.push(
    '### Update throughput (one core: parse + apply + derive)',
    '',
    '| pods | updates | per second |',
    '|---:|---:|---:|',
    ...run.throughput.map((t) => `| ${count(t.pods)} | ${count(t.updates)} | ${count(t.perSecond)} |`),
    '',
  );
  if (run.prometheus.length > 0) {
    out.push(
      '### Prometheus query load (stand-in Prometheus answering the worst case: every sidecar throttled and OOM-killing)',
      '',
      '| pods | queries per fleet poll | per minute (60 s interval) | per pod page view (cold / cached 15 s) | largest reply | poll: parse + apply + derive |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of run.prometheus)
      out.push(
        `| ${count(p.pods)} | ${p.queriesPerPoll} | ${p.queriesPerMinute} | ${p.queriesPerPageView} / ${p.queriesPerCachedPageView} | ${bytes(p.largestReplyBytes)} | ${ms(p.pollMs)} |`,
      );
    out.push('');
  }
  if (run.stream) out.push('### Stream latency (sim change → delta at the client)', '', streamTable(run.stream), '');
  if (run.analyze)
    out.push(
      '### `sidecarscope analyze`',
      '',
      `${count(run.analyze.pods)} pods, ${bytes(run.analyze.fileBytes)} PodList: ${ms(run.analyze.wallMs)} wall (process start included), exit code ${run.analyze.exitCode}.`,
      '',
    );
  if (run.browser.length > 0) {
    out.push(
      '### Browser (headless Chromium, production build, `serve` on the churn sim of N pods in its own process, 10 updates/s)',
      '',
      '| pods | first visit (cold server): interactive | rows shown (median) | interactive: median / worst | each visit | each visit as the harness saw it | scroll frames (3 s) | dropped | note |',
      '|---:|---:|---:|---:|---|---|---:|---:|---|',
    );
    for (const b of run.browser)
      out.push(
        `| ${count(b.pods)} | ${ms(b.coldInteractiveMs)} | ${ms(b.firstRowMs)} | ${ms(b.interactiveMs)} / ${ms(b.worstInteractiveMs)} | ${b.visitsMs.map(ms).join(', ')} | ${(b.harnessVisitsMs ?? []).map(ms).join(', ')} | ${b.frames} | ${b.droppedFrames} | ${b.error ?? ''} |`,
      );
    out.push('');
  }
  if (run.rss) out.push('### Server memory (RSS)', '', rssText(run.rss), '');
  if (run.rssRelease) out.push('### Server memory (RSS), one release of a split by namespace set', '', rssText(run.rssRelease), '');
  if (run.soak) out.push('### Soak', '', soakText(run.soak), '');
  if (run.abortCrashes > 0)
    out.push(
      `> ${run.abortCrashes} uncaught AbortError(s) from lib/k8s/watch-stream.ts were swallowed by bench/crash-guard.ts: in the server each would have ended the process.`,
      '',
    );
  return out.join('\n');
}
