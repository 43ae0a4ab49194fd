#!/usr/bin/env node
// Builds (cached by its inputs, and Go's build cache makes a rebuild fast) and starts the real kube-apiserver + etcd harness of
// e2e/kube-apiserver, then prints the kubeconfig path. Used by `npm run test:cluster` (vitest
// global setup imports startHarness) and by hand:
//
//   node scripts/kube-apiserver.mjs [--dir DIR] [--no-build] [--no-watch-cache] [--kubelet]
//
// --kubelet also runs Kubernetes' own kubelet (hollow, node sim-node-1) on the scripted CRI runtime.
//
// Stops etcd and the API server on Ctrl-C (a temporary --dir is removed then). Needs Go (PATH or /usr/local/go/bin) and the Go module
// proxy on the first build.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = join(import.meta.dirname, '..');
export const harnessDir = join(root, 'e2e', 'kube-apiserver');
export const harnessBinary = join(harnessDir, 'bin', 'harness');

function goEnv() {
  const path = [process.env.PATH ?? '', '/usr/local/go/bin'].join(delimiter);
  return { ...process.env, PATH: path };
}

/** The release the harness's go.mod requires; stamped into /version (a module build says v0.0.0). */
export const KUBERNETES_VERSION = 'v1.34.4';

function versionLdflags() {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const pkg = 'k8s.io/component-base/version';
  return [`-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`].join(' ');
}

/** What the binary is built from: go.mod, go.sum, the Go files, the ldflags and Go's version. */
function inputsHash() {
  const hash = createHash('sha256');
  const version = spawnSync('go', ['version'], { env: goEnv(), encoding: 'utf8' });
  hash.update(`${version.stdout ?? ''}\n${versionLdflags()}\n`);
  const files = readdirSync(harnessDir)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort();
  for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(harnessDir, file)));
  return hash.digest('hex');
}

/**
 * Builds the harness binary unless bin/ holds one built from the same inputs (linking the ~170 MB
 * binary alone takes half a minute here); returns the seconds it took. Throws with Go's output on
 * failure.
 */
export function buildHarness() {
  const started = Date.now();
  const stamp = `${harnessBinary}.inputs`;
  const inputs = inputsHash();
  if (existsSync(harnessBinary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) return (Date.now() - started) / 1000;
  const result = spawnSync('go', ['build', '-p', '2', '-ldflags', versionLdflags(), '-o', harnessBinary, '.'], {
    cwd: harnessDir,
    env: goEnv(),
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`Cannot run go (is Go installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`go build failed in ${harnessDir}:\n${result.stderr}`);
  writeFileSync(stamp, inputs);
  return (Date.now() - started) / 1000;
}

/**
 * Starts the harness and resolves once kube-apiserver answers /readyz, with the parsed
 * harness.json (`server`, `caFile`, `kubeconfig`, `tokens`, `controlUrl`, …) and `stop()`.
 */
export function startHarness({ dir, watchCache = true, kubelet = false, log = () => {} } = {}) {
  if (!existsSync(harnessBinary)) throw new Error(`No harness binary at ${harnessBinary}: build it first.`);
  const temporary = dir === undefined;
  dir ??= mkdtempSync(join(tmpdir(), 'sidecarscope-kube-'));
  const args = ['--dir', dir, `--watch-cache=${watchCache}`, ...(kubelet ? ['--kubelet'] : [])];
  const child = spawn(harnessBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const cleanUp = () => temporary && rmSync(dir, { recursive: true, force: true });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(cleanUp());
      child.once('exit', () => resolve(cleanUp()));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      for (const line of String(chunk).split('\n')) if (line.trim()) log(line);
      const match = /^HARNESS_INFO=(.+)$/m.exec(out);
      if (match?.[1]) resolve({ info: JSON.parse(readFileSync(match[1], 'utf8')), startLine: out.split('\n')[0], stop, child });
    });
    child.once('exit', (code) => reject(new Error(`harness exited (${code}) before it was ready:\n${err}`)));
    child.once('error', reject);
  });
}

async function main(args) {
  const flag = (name) => args.includes(name);
  const dirIndex = args.indexOf('--dir');
  const dir = dirIndex >= 0 ? args[dirIndex + 1] : undefined;
  if (!flag('--no-build')) {
    process.stderr.write('Building e2e/kube-apiserver (the first build takes several minutes) …\n');
    process.stderr.write(`built in ${buildHarness().toFixed(1)} s\n`);
  }
  const started = Date.now();
  const { info, startLine, stop, child } = await startHarness({ dir, watchCache: !flag('--no-watch-cache'), kubelet: flag('--kubelet') });
  process.stderr.write(`${startLine} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  process.stderr.write(`control API: ${info.controlUrl}   API server log: ${info.apiserverLog}\n`);
  process.stdout.write(`${info.kubeconfig}\n`);
  const shutdown = () => void stop().then(() => process.exit(0));
  child.once('exit', (code) => process.exit(code ?? 1));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
