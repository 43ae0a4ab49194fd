import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startSimCluster, type SimCluster } from '../lib/sim';
import { IMAGE_PORT, SUBPATH } from '../playwright.config';

/**
 * The container image's runtime, without Docker: the files the Dockerfile's runtime stage copies
 * (Next's standalone output of the sub-path server's build, made with SIDECARSCOPE_STANDALONE=1,
 * its static assets, public/, and the front server bundled by `npm run build:server`) in a
 * directory with no node_modules but the traced ones, started as the image starts it
 * (`node sidecarscope-server.mjs`, a clean environment), on the simulated cluster through a
 * kubeconfig. It must load @kubernetes/client-node from what the trace kept and list pods.
 */
const root = join(import.meta.dirname, '..');
const distDir = '.next-subpath';
const { basePath, token } = SUBPATH;
const base = `http://127.0.0.1:${IMAGE_PORT}${basePath}`;

let app = '';
let sim: SimCluster | undefined;
const children: ChildProcess[] = [];

/** The project's Node 24, as the image's node:24 base (the `node` devDependency), else this one. */
function nodeBinary(): string {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  return existsSync(bundled) ? bundled : process.execPath;
}

function hasNodeModulesAbove(dir: string): boolean {
  for (let at = dirname(dir); at !== dirname(at); at = dirname(at)) if (existsSync(join(at, 'node_modules'))) return true;
  return existsSync(join('/', 'node_modules'));
}

/** Starts the server as the image does; resolves with its exit code and everything it wrote. */
function startServer(extraArgs: string[] = []): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(nodeBinary(), [...extraArgs, 'sidecarscope-server.mjs'], {
    cwd: app,
    // The image's environment (Dockerfile, runtime stage), kubeconfig mode instead of in-cluster.
    env: {
      PATH: process.env.PATH,
      HOME: app,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: String(IMAGE_PORT),
      SIDECARSCOPE_MODE: 'kubeconfig',
      KUBECONFIG: sim?.kubeconfigPath,
      SIDECARSCOPE_DATA_DIR: join(app, 'data'),
      SIDECARSCOPE_BASE_PATH: basePath,
      SIDECARSCOPE_TOKEN: token,
      // The image's build is in .next; this one in the sub-path server's dist directory.
      SIDECARSCOPE_DIST_DIR: distDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

test.beforeAll(async () => {
  const standalone = join(root, distDir, 'standalone');
  expect(existsSync(join(standalone, 'server.js')), `${standalone} (the sub-path server builds with SIDECARSCOPE_STANDALONE=1)`).toBe(true);
  app = mkdtempSync(join(tmpdir(), 'sidecarscope-image-'));
  // Node looks for packages in every directory above: one there would hide a package the trace missed.
  expect(hasNodeModulesAbove(app), `a node_modules above ${app}`).toBe(false);
  // The runtime stage's three COPYs.
  cpSync(standalone, app, { recursive: true, verbatimSymlinks: true });
  cpSync(join(root, distDir, 'static'), join(app, distDir, 'static'), { recursive: true });
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(app, 'public'), { recursive: true });
  else mkdirSync(join(app, 'public'));
  // The build stage's `npm run build:server`, written beside the copy instead of into .next/standalone.
  const bundle = spawnSync('npm', ['run', 'build:server', '--', `--outfile=${join(app, 'sidecarscope-server.mjs')}`], { cwd: root, encoding: 'utf8' });
  expect(bundle.status, bundle.stderr).toBe(0);
  sim = await startSimCluster({ port: 0, kubeconfigDir: join(app, 'kube') });
});

async function stopServers(): Promise<void> {
  await Promise.all(
    children.splice(0).map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
}

test.afterEach(stopServers);

test.afterAll(async () => {
  await stopServers();
  await sim?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

test('the image layout starts, loads the Kubernetes client from the traced files and serves /api/pods with pods', async ({ request }) => {
  const server = startServer();
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  await expect
    .poll(
      async () => {
        if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode}:\n${server.output()}`);
        const response = await request
          .get(`${base}/api/pods`, { headers: { Authorization: `Bearer ${token}` }, failOnStatusCode: false })
          .catch(() => undefined);
        if (response?.status() !== 200) return `${response?.status() ?? 'no answer'}`;
        const body = (await response.json()) as { total: number; rows: { namespace: string }[] };
        return body.total > 0 && body.rows.length > 0 ? 'pods' : 'no pods yet';
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe('pods');
  const summary = (await (await request.get(`${base}/api/summary`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    status: { state: string };
    cluster: { mode: string };
  };
  expect(summary.cluster.mode).toBe('kubeconfig');
  expect(summary.status.state).toBe('connected');
  expect(server.output()).not.toMatch(/Failed to load external module|Cannot find module|TypeError/);
});

// The failure SREs saw: Node 20 (or 22 before 22.15) has no zlib.createZstdDecompress, which
// undici (under client-node) binds at load. Emulated on this Node by removing it before the server
// loads, it must be a refusal at start, not a server that answers /healthz and fails every route.
test('on a Node without zstd the server refuses to start and says which Node it needs', async () => {
  const preload = `data:text/javascript,${encodeURIComponent(
    "import zlib from 'node:zlib'; Object.defineProperty(zlib, 'createZstdDecompress', { value: undefined });",
  )}`;
  const server = startServer(['--import', preload]);
  const code = await Promise.race([server.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20_000))]);
  expect(code, server.output()).toBe(1);
  expect(server.output()).toContain('has no zstd in node:zlib, which the Kubernetes client (undici) needs; use Node 22.19 or newer');
});
