/**
 * Vitest global setup of the kubelet suite: builds the harness (shared with the cluster suite, Go's
 * build cache makes a rebuild quick) and starts it with `--kubelet`: kube-apiserver + etcd, the
 * scripted CRI runtime and the hollow kubelet registered as node `sim-node-1`. Set
 * SIDECARSCOPE_KUBELET_HARNESS_INFO to the harness.json of one you started yourself
 * (`node scripts/kube-apiserver.mjs --kubelet`) to skip the build and start.
 */
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildHarness, startHarness } from '../../scripts/kube-apiserver.mjs';
import { parseHarnessInfo, type HarnessInfo } from '../cluster/harness';

declare module 'vitest' {
  export interface ProvidedContext {
    harness: HarnessInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reuse = process.env.SIDECARSCOPE_KUBELET_HARNESS_INFO;
  if (reuse) {
    project.provide('harness', parseHarnessInfo(JSON.parse(readFileSync(reuse, 'utf8'))));
    return async () => {};
  }
  const seconds = buildHarness();
  process.stdout.write(`kube-apiserver + kubelet harness built in ${seconds.toFixed(1)} s\n`);
  const started = await startHarness({ kubelet: true });
  process.stdout.write(`${started.startLine}\n`);
  project.provide('harness', parseHarnessInfo(started.info));
  return () => started.stop();
}
