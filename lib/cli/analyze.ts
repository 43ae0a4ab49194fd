/** `sidecarscope analyze [FILE|-] [--json] [--severity LEVEL] [--now TIME]` */
import { readFile } from 'node:fs/promises';
import { analyzeDocuments, isAtLeast, type AnalysisResult } from '../model/analyze';
import { SPEC_MISSING_PROBLEM } from '../model/digest';
import type { Finding, Severity } from '../model/types';
import { InputError, parseDocuments } from './input';

export interface AnalyzeOptions {
  file: string;
  json: boolean;
  severity: Severity;
  now: number;
}

export interface Io {
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

async function readInput(file: string, io: Io): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new InputError('unreadable', `${file}: ${why}`, { cause });
  }
}

function toJson(result: AnalysisResult): string {
  const findings = result.pods.flatMap(({ findings }) =>
    findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      namespace: f.namespace,
      pod: f.pod,
      container: f.container ?? null,
      message: f.message,
      evidence: f.evidence,
      fix: f.fix,
      fixValues: f.fixValues ?? [],
    })),
  );
  const pods = result.pods.map(({ pod }) => ({
    namespace: pod.namespace,
    name: pod.name,
    containers: pod.containers.map((c) => ({ name: c.name, kind: c.kind })),
    ...(isSpecMissing(pod) ? { specMissing: true } : {}),
  }));
  return JSON.stringify({ findings, pods }, null, 2);
}

function describeFinding(f: Finding): string {
  const where = f.container ? ` [${f.container}]` : '';
  const lines = [`  ${f.severity.toUpperCase().padEnd(8)} ${f.id}${where}: ${f.message}`];
  for (const e of f.evidence) lines.push(`           - ${e.label}: ${e.value}`);
  const fix = f.fix.split('\n').map((line) => `             ${line}`);
  lines.push('           fix:', ...fix);
  return lines.join('\n');
}

function isSpecMissing(pod: { problems: readonly string[] }): boolean {
  return pod.problems.includes(SPEC_MISSING_PROBLEM);
}

function toReport(result: AnalysisResult): string {
  const out: string[] = [];
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const { pod, findings } of result.pods) {
    const specMissing = isSpecMissing(pod);
    if (findings.length === 0 && !specMissing) continue;
    const kinds = pod.containers.map((c) => `${c.name} (${c.kind}${c.signal && c.signal !== 'native' ? `: ${c.signal}` : ''})`);
    out.push(`${pod.namespace}/${pod.name}  ${kinds.join(', ')}`);
    if (specMissing)
      out.push('  note: the Pod has no spec: containers classified from their statuses (names, images); probes, resources and restart policies unknown');
    for (const f of findings) {
      counts[f.severity] += 1;
      out.push(describeFinding(f));
    }
    out.push('');
  }
  const clean = result.pods.filter((p) => p.findings.length === 0).length;
  out.push(`${result.pods.length} pods analysed, ${clean} without findings: ` + `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`);
  return out.join('\n');
}

/** Runs the command; returns the exit code: 0 clean, 1 findings at/above severity, 2 bad input. */
export async function runAnalyze(options: AnalyzeOptions, io: Io): Promise<number> {
  let result: AnalysisResult;
  try {
    const docs = parseDocuments(await readInput(options.file, io));
    result = analyzeDocuments(docs, options.now);
    if (result.pods.length === 0) {
      throw new InputError('no-pods', 'the input holds no Pod (expected a Pod, a PodList, a v1 List or a watch stream)');
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`sidecarscope analyze: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  io.out(`${options.json ? toJson(result) : toReport(result)}\n`);
  const failing = result.pods.some(({ findings }) => findings.some((f) => isAtLeast(f.severity, options.severity)));
  return failing ? 1 : 0;
}
