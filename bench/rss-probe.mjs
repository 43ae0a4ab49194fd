/**
 * Bench-only: loaded into the measured server with `NODE_OPTIONS=--import <this file>` by
 * bench/serve-process.ts when SIDECARSCOPE_BENCH_PROBE_DIR is set (never by the product). On
 * SIGUSR2 it writes where the process's memory is to `<dir>/probe-<pid>.json`:
 * process.memoryUsage(), V8's heap spaces, the heap used after a full collection (what is live),
 * and the heap of each worker thread (the history store's SQLite writer is one: its own V8
 * isolate, outside the main heap's figures). With SIDECARSCOPE_BENCH_HEAPSNAPSHOT_DIR set, it also
 * writes a heap snapshot of the main thread after the collection (`heap-<pid>-<n>.heapsnapshot`,
 * read by bench/heap-summary.ts) and one of each worker.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import workerThreads from 'node:worker_threads';

const dir = process.env.SIDECARSCOPE_BENCH_PROBE_DIR;
const snapshotDir = process.env.SIDECARSCOPE_BENCH_HEAPSNAPSHOT_DIR;

/** The live worker threads, to ask for their heaps: the Worker class is wrapped before the server loads. */
const workers = new Set();
if (dir && workerThreads.isMainThread) {
  const Original = workerThreads.Worker;
  class Tracked extends Original {
    constructor(...args) {
      super(...args);
      workers.add(this);
      this.once('exit', () => workers.delete(this));
    }
  }
  workerThreads.Worker = Tracked;
  syncBuiltinESMExports();
}

const heapOf = (s) => ({
  total: s.total_heap_size,
  used: s.used_heap_size,
  limit: s.heap_size_limit,
  external: s.external_memory,
  malloced: s.malloced_memory,
});

let taken = 0;
if (dir && workerThreads.isMainThread) {
  process.on('SIGUSR2', () => {
    void (async () => {
      const before = process.memoryUsage();
      const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
      const heapBefore = heapOf(v8.getHeapStatistics());
      v8.setFlagsFromString('--expose-gc');
      runInNewContext('gc')();
      const after = process.memoryUsage();
      taken += 1;
      const threads = [];
      for (const worker of workers) {
        const stats = await worker.getHeapStatistics().catch(() => undefined);
        if (!stats) continue;
        threads.push({ threadId: worker.threadId, ...heapOf(stats) });
        if (snapshotDir) {
          const stream = await worker.getHeapSnapshot().catch(() => undefined);
          if (stream) await pipeline(stream, createWriteStream(join(snapshotDir, `heap-${process.pid}-${taken}-worker${worker.threadId}.heapsnapshot`)));
        }
      }
      if (snapshotDir) v8.writeHeapSnapshot(join(snapshotDir, `heap-${process.pid}-${taken}.heapsnapshot`));
      const file = join(dir, `probe-${process.pid}.json`);
      // Written whole, then renamed: the bench polls for the file.
      writeFileSync(
        `${file}.tmp`,
        JSON.stringify({
          before,
          heapBefore,
          spaces,
          afterGc: { rss: after.rss, heapUsed: after.heapUsed, heapTotal: after.heapTotal, external: after.external, arrayBuffers: after.arrayBuffers },
          workers: threads,
        }),
      );
      renameSync(`${file}.tmp`, file);
    })();
  });
}
