/**
 * Bench-only: loaded into the measured server with `NODE_OPTIONS=--import <this file>` by
 * bench/serve-process.ts when SIDECARSCOPE_BENCH_PROBE_DIR is set (never by the product). On
 * SIGUSR2 it writes where the process's memory is to `<dir>/probe-<pid>.json`:
 * process.memoryUsage(), V8's heap spaces, and the heap used after a full collection (what is live).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';

const dir = process.env.SIDECARSCOPE_BENCH_PROBE_DIR;
if (dir) {
  process.on('SIGUSR2', () => {
    const before = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    v8.setFlagsFromString('--expose-gc');
    runInNewContext('gc')();
    const after = process.memoryUsage();
    const file = join(dir, `probe-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        before,
        spaces,
        afterGc: { rss: after.rss, heapUsed: after.heapUsed, heapTotal: after.heapTotal, external: after.external, arrayBuffers: after.arrayBuffers },
      }),
    );
  });
}
