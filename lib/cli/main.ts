/** The `sidecarscope` command line: analyze, demo, serve. Run through bin/sidecarscope.mjs. */
import { parseArgs } from 'node:util';
import { runAnalyze } from './analyze';
import { runDemo, runServe } from './commands';

const USAGE = `Usage:
  sidecarscope demo    [--port 3000] [--host 127.0.0.1] [--speed 1] [--scenarios a,b] [--churn N] [--dev]
                       [--prometheus-url URL]
  sidecarscope serve   [--kubeconfig FILE] [--context NAME] [--namespace a,b] [--in-cluster]
                       [--port 3000] [--host 127.0.0.1] [--prometheus-url URL]
  sidecarscope analyze [FILE|-] [--json] [--severity critical|warning|info] [--now TIME]

  demo     the dashboard on an embedded simulated cluster (no Kubernetes needed)
  serve    the dashboard on your cluster (kubeconfig, or in-cluster service account)
  analyze  findings for \`kubectl get pods -o json\` output; exit 1 when a finding at or above
           --severity (default critical) exists, 2 on unreadable input
`;

const SEVERITIES = ['critical', 'warning', 'info'] as const;

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, severity: { type: 'string', default: 'critical' }, now: { type: 'string' } },
  });
  const severity = SEVERITIES.find((s) => s === values.severity);
  if (!severity) throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}`);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) throw new UsageError('--now must be a date, e.g. 2024-07-19T13:40:00Z');
  if (positionals.length > 1) throw new UsageError('analyze takes one FILE (or - for standard input)');
  const io = { readStdin, out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  return runAnalyze({ file: positionals[0] ?? '-', json: values.json ?? false, severity, now }, io);
}

class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return await analyze(rest);
      case 'demo':
        return await runDemo(rest);
      case 'serve':
      case 'start':
        return await runServe(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`sidecarscope: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`sidecarscope: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
