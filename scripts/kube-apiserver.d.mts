/** Types of scripts/kube-apiserver.mjs for the TypeScript cluster suite. */
import type { ChildProcess } from 'node:child_process';

export const harnessDir: string;
export const harnessBinary: string;
export const KUBERNETES_VERSION: string;
export function buildHarness(): number;
export function startHarness(options?: { dir?: string; watchCache?: boolean; kubelet?: boolean; log?: (line: string) => void }): Promise<{
  info: unknown;
  startLine: string;
  stop: () => Promise<void>;
  child: ChildProcess;
}>;
