/** `sidecarscope analyze` on a PodList file of N churn pods, generated once into the temp dir. */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChurnSim } from './sim-hub';

export interface AnalyzeResult {
  pods: number;
  fileBytes: number;
  wallMs: number;
  exitCode: number | null;
}

async function podListFile(pods: number): Promise<string> {
  const file = join(tmpdir(), `sidecarscope-bench-podlist-${pods}.json`);
  if (existsSync(file)) return file;
  const churn = await startChurnSim(pods);
  try {
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: churn.sim.store.list('pods') }));
  } finally {
    await churn.sim.close();
  }
  return file;
}

export async function measureAnalyze(pods: number): Promise<AnalyzeResult> {
  const file = await podListFile(pods);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['bin/sidecarscope.mjs', 'analyze', file, '--json', '--severity', 'critical'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    maxBuffer: 1 << 30,
  });
  return { pods, fileBytes: statSync(file).size, wallMs: performance.now() - t0, exitCode: run.status };
}
