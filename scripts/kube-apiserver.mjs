#!/usr/bin/env node
// Builds (cached by its inputs, scripts/go-binary-cache.mjs) and starts the real kube-apiserver + etcd harness of
// e2e/kube-apiserver, then prints the kubeconfig path. Used by `npm run test:cluster` (vitest
// global setup imports startHarness) and by hand:
//
//   node scripts/kube-apiserver.mjs [--dir DIR] [--no-build] [--no-watch-cache] [--kubelet]
//
// --kubelet also runs Kubernetes' own kubelet (hollow, node sim-node-1) on the scripted CRI runtime.
//
// Stops etcd and the API server on Ctrl-C (a temporary --dir is removed then). Needs Go (PATH or /usr/local/go/bin) and the Go module
// proxy on the first build.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedGoBuild } from './go-binary-cache.mjs';

const root = join(import.meta.dirname, '..');
export const harnessDir = join(root, 'e2e', 'kube-apiserver');
export const harnessBinary = join(harnessDir, 'bin', 'harness');

/** The release the harness's go.mod requires; stamped into /version (a module build says v0.0.0). */
export const KUBERNETES_VERSION = 'v1.34.4';

function versionLdflags() {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const pkg = 'k8s.io/component-base/version';
  return [`-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`].join(' ');
}

/**
 * Puts the harness binary in bin/, built or from the binary cache keyed by its inputs
 * (scripts/go-binary-cache.mjs); returns the seconds it took. Throws with Go's output on failure.
 */
export function buildHarness() {
  return cachedGoBuild({
    name: 'kube-apiserver-harness',
    moduleDir: harnessDir,
    packages: ['.'],
    outputs: { 'kube-apiserver': harnessBinary },
    ldflags: versionLdflags(),
  }).seconds;
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
