/** Builds (when needed) and runs the Next.js server as a child process on the bundled Node. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json', 'postcss.config.mjs'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * What a build bakes in besides the sources: a different base path needs a new build, and so
 * does asking for the standalone output (the image's layout, e2e/image-runtime.spec.ts) of a
 * build made without it.
 */
function buildSettings(env: Record<string, string | undefined>): string {
  return JSON.stringify({ basePath: env.SIDECARSCOPE_BASE_PATH ?? '', ...(env.SIDECARSCOPE_STANDALONE === '1' ? { standalone: true } : {}) });
}

/** Where the build goes: `.next`, or `SIDECARSCOPE_DIST_DIR` (next.config.js reads the same variable). */
function distDir(root: string, env: Record<string, string | undefined>): string {
  return join(root, env.SIDECARSCOPE_DIST_DIR || '.next');
}

function settingsFile(root: string, env: Record<string, string | undefined>): string {
  return join(distDir(root, env), 'sidecarscope-build.json');
}

/** True when the build (`.next`) is missing, was built with other settings, or is older than any source file. */
export function needsBuild(root: string, env: Record<string, string | undefined> = process.env): boolean {
  const buildId = join(distDir(root, env), 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const settings = settingsFile(root, env);
  const built = existsSync(settings) ? readFileSync(settings, 'utf8') : '';
  if (built !== buildSettings(env)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > builtAt);
}

function nextBin(root: string): string {
  return join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
}

function run(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(root), ...args], { cwd: root, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}`))));
  });
}

/** Runs `next build` when the sources changed since the last build. */
export async function ensureBuild(root: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (!needsBuild(root, env)) return;
  log('Building the dashboard (first run, or the sources or base path changed): next build …');
  await run(root, ['build'], env);
  writeFileSync(settingsFile(root, env), buildSettings(env));
}

export interface NextServer {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The arguments that run the front server (lib/front/main.ts: Next.js behind our own HTTP server). */
export function frontServerArgs(root: string, options: { host: string; port: number; dev: boolean }): string[] {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return [
    '--import',
    tsx,
    join(root, 'lib', 'front', 'main.ts'),
    '--dir',
    root,
    '--port',
    String(options.port),
    '--hostname',
    options.host,
    ...(options.dev ? ['--dev'] : []),
  ];
}

/** Starts Next.js (production or dev) behind the front server and resolves once it answers HTTP. */
export async function startNext(root: string, options: { host: string; port: number; dev: boolean; env: NodeJS.ProcessEnv }): Promise<NextServer> {
  const child = spawn(process.execPath, frontServerArgs(root, options), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: options.env,
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (/error|warn/i.test(text)) process.stdout.write(text);
  });
  const exited = new Promise<never>((_, reject) => {
    child.on('exit', (code) => reject(new Error(`the Next.js server exited with ${code}`)));
  });
  const healthUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}${options.env.SIDECARSCOPE_BASE_PATH ?? ''}/healthz`;
  await Promise.race([waitForHttp(healthUrl), exited]);
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the Next.js server did not answer at ${url}`);
}
