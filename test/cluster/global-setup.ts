/**
 * Vitest global setup of the cluster suite: builds and starts the real kube-apiserver harness once
 * for every test file, and hands its harness.json to the tests (`inject('harness')`). Set
 * SIDECARSCOPE_HARNESS_INFO to the harness.json of a harness you started yourself
 * (`node scripts/kube-apiserver.mjs`) to skip the build and start.
 */
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildHarness, startHarness } from '../../scripts/kube-apiserver.mjs';
import { parseHarnessInfo, type HarnessInfo } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    harness: HarnessInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reuse = process.env.SIDECARSCOPE_HARNESS_INFO;
  if (reuse) {
    project.provide('harness', parseHarnessInfo(JSON.parse(readFileSync(reuse, 'utf8'))));
    return async () => {};
  }
  const seconds = buildHarness();
  process.stdout.write(`kube-apiserver harness built in ${seconds.toFixed(1)} s\n`);
  const started = await startHarness();
  process.stdout.write(`${started.startLine}\n`);
  project.provide('harness', parseHarnessInfo(started.info));
  return () => started.stop();
}
