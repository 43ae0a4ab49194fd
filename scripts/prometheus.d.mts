/** Types of scripts/prometheus.mjs for the TypeScript test suites. */
import type { ChildProcess } from 'node:child_process';

export const prometheusDir: string;
export const prometheusBinary: string;
export const promtoolBinary: string;
export const PROMETHEUS_MODULE_VERSION: string;
export function isBuilt(): boolean;
export function buildPrometheus(): number;
export function prometheusConfig(targets: string[], options?: { interval?: string; ruleFiles?: string[]; evaluationInterval?: string }): string;
export function startPrometheus(options: {
  targets: string[];
  port?: number;
  interval?: string;
  ruleFiles?: string[];
  dir?: string;
  log?: (line: string) => void;
}): Promise<{
  url: string;
  configFile: string;
  dir: string;
  stop: () => Promise<void>;
  child: ChildProcess;
}>;
export function runPromtool(args: string[]): { status: number; output: string };
