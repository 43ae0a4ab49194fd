// Go-built test binaries (the kube-apiserver harness, Prometheus, promtool) cached by their inputs.
//
// Go's own build cache makes a rebuild of unchanged packages fast, but a fresh clone still links
// 130-150 MB binaries (tens of seconds each) and, on a machine whose Go cache was cleared, compiles
// everything again (10+ minutes each). The key here is a hash of everything the build reads from
// us: the Go version, the module's go.mod and go.sum, every .go file of the module (outside bin/),
// the packages, ldflags and build tags. A hit is a hard link (a copy across file systems) into the
// checkout's bin/; a miss builds into the cache, then links. The newest KEEP builds per name stay.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';

const KEEP = 3;

export function goEnv(extra = {}) {
  const path = [process.env.PATH ?? '', '/usr/local/go/bin'].join(delimiter);
  return { ...process.env, PATH: path, ...extra };
}

/** Where built binaries are kept: `SIDECARSCOPE_GO_BIN_CACHE`, else `$XDG_CACHE_HOME` or ~/.cache. */
export function binaryCacheRoot() {
  if (process.env.SIDECARSCOPE_GO_BIN_CACHE) return process.env.SIDECARSCOPE_GO_BIN_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sidecarscope', 'go-bin');
}

function goSources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'bin' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) goSources(path, out);
    else if (entry.name.endsWith('.go') || entry.name === 'go.mod' || entry.name === 'go.sum') out.push(path);
  }
  return out;
}

function goVersion(env) {
  const result = spawnSync('go', ['version'], { env, encoding: 'utf8' });
  if (result.error) throw new Error(`Cannot run go (is Go installed?): ${result.error.message}`);
  return result.stdout.trim();
}

/** The cache key of a build: every input Go reads from this repository, plus how it is invoked. */
export function buildKey({ moduleDir, packages, ldflags = '', tags = [], env }) {
  const hash = createHash('sha256');
  hash.update(`${goVersion(env)}\n${packages.join(' ')}\n${ldflags}\n${tags.join(',')}\n${env.GOFLAGS ?? ''}\n`);
  for (const file of goSources(moduleDir)) hash.update(`${relative(moduleDir, file)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 20);
}

function place(from, to) {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function prune(root, name) {
  const builds = readdirSync(root)
    .filter((entry) => entry.startsWith(`${name}-`))
    .map((entry) => ({ entry, used: statSync(join(root, entry)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { entry } of builds.slice(KEEP)) rmSync(join(root, entry), { recursive: true, force: true });
}

/**
 * Puts the binaries of `packages` (built in `moduleDir` with `ldflags` and `tags`) at
 * `outputs` (one path per binary name, e.g. { prometheus: '/…/bin/prometheus' }), from the
 * cache when the inputs are unchanged. Returns `{ seconds, cached }`; throws with Go's output when
 * the build fails.
 */
export function cachedGoBuild({ name, moduleDir, packages, outputs, ldflags = '', tags = [], env = goEnv() }) {
  const started = Date.now();
  const root = binaryCacheRoot();
  const entry = join(root, `${name}-${buildKey({ moduleDir, packages, ldflags, tags, env })}`);
  const binaries = Object.keys(outputs);
  const hit = binaries.every((binary) => existsSync(join(entry, binary)));
  if (!hit) {
    const staging = `${entry}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const args = ['build', '-p', '2', ...(tags.length > 0 ? ['-tags', tags.join(',')] : []), '-ldflags', ldflags, '-o', `${staging}/`, ...packages];
    const result = spawnSync('go', args, { cwd: moduleDir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw new Error(`Cannot run go (is Go installed?): ${result.error.message}`);
    if (result.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`go build failed in ${moduleDir}:\n${result.stderr}`);
    }
    rmSync(entry, { recursive: true, force: true });
    renameSync(staging, entry);
  }
  const now = new Date();
  utimesSync(entry, now, now);
  for (const binary of binaries) {
    mkdirSync(join(outputs[binary], '..'), { recursive: true });
    place(join(entry, binary), outputs[binary]);
  }
  prune(root, name);
  return { seconds: (Date.now() - started) / 1000, cached: hit };
}
