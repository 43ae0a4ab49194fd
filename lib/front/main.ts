/**
 * Starts the dashboard: Next.js behind the front server (./front-server.ts), and the metrics
 * listener when `SIDECARSCOPE_METRICS_PORT` (or `SIDECARSCOPE_METRICS_OPEN=1`) asks for it.
 *
 *   node --import tsx lib/front/main.ts --dir . --port 3000 --hostname 127.0.0.1 [--dev]
 *   node sidecarscope-server.mjs --check   # exits 0 when this Node can run the server (the image's build runs it)
 *
 * The CLI runs it so; the container image runs the same code bundled by esbuild
 * (`sidecarscope-server.mjs`, see the Dockerfile) from Next's standalone output, whose
 * configuration it reads from `.next/required-server-files.json` as Next's own `server.js` does.
 */
// First: refuses a Node that cannot run the server before Next.js loads (./runtime-check.ts).
import './node-check';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type next from 'next';
import { readMetricsPort } from '../security/metrics-port';
import { createFrontServers } from './front-server';

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
}

/** In Next's standalone output there is no next.config.js: its settings are in required-server-files.json. */
function loadStandaloneConfig(dir: string): void {
  const file = join(dir, process.env.SIDECARSCOPE_DIST_DIR || '.next', 'required-server-files.json');
  if (process.env.__NEXT_PRIVATE_STANDALONE_CONFIG || existsSync(join(dir, 'next.config.js')) || !existsSync(file)) return;
  const { config } = JSON.parse(readFileSync(file, 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: process.cwd() },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      hostname: { type: 'string', default: process.env.HOSTNAME ?? '127.0.0.1' },
      dev: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  // ./node-check already ran (and exited 1 on a Node that cannot run the server).
  if (values.check) return;
  const dir = resolve(values.dir ?? '.');
  const port = Number(values.port);
  const hostname = values.hostname ?? '127.0.0.1';
  const dev = values.dev ?? false;
  const metricsPort = readMetricsPort(process.env);
  loadStandaloneConfig(dir);

  const log = (line: string) => process.stderr.write(`sidecarscope: ${line}\n`);
  const nextApp: { handle?: ReturnType<ReturnType<typeof next>['getRequestHandler']> } = {};
  const servers = createFrontServers({
    handle: (request, response) => nextApp.handle?.(request, response),
    basePath: process.env.SIDECARSCOPE_BASE_PATH ?? '',
    isDev: dev,
    log,
    metrics: metricsPort !== undefined,
  });
  // Next attaches its own upgrade listener (dev's hot reload) to `httpServer` on the first request.
  // Loaded here, not imported: esbuild hoists a package's import above ./node-check's code.
  const { default: createNext } = await import('next');
  const app = createNext({ dev, dir, hostname, port, httpServer: servers.main });
  await app.prepare();
  nextApp.handle = app.getRequestHandler();
  await listen(servers.main, port, hostname);
  if (servers.metrics && metricsPort !== undefined) {
    await listen(servers.metrics, metricsPort, hostname === '127.0.0.1' || hostname === 'localhost' ? hostname : '0.0.0.0');
    log(`metrics on port ${metricsPort} (/metrics, no token)`);
  }
  const stop = () => {
    servers.metrics?.close();
    servers.main.close(() => process.exit(0));
    servers.main.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sidecarscope: the server did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
