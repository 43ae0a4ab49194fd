/** The `sidecarscope` command line: analyze, demo, serve. Run through bin/sidecarscope.mjs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAnalyze } from './analyze';
import { runDemo, runServe } from './commands';
import { SEVERITIES } from '../model/types';

const USAGE = `Usage:
  sidecarscope demo    [--port 3000] [--host 127.0.0.1] [--speed 1] [--scenarios a,b] [--churn N]
                       [--deny events,pods] [--data-dir DIR] [--prometheus-url URL] [--dev]
  sidecarscope serve   [--kubeconfig FILE] [--context NAME] [--namespace a,b] [--in-cluster]
                       [--logs] [--data-dir DIR] [--prometheus-url URL] [--port 3000] [--host 127.0.0.1]
  sidecarscope analyze [FILE|-] [--json] [--severity critical|warning|info] [--now TIME]
  sidecarscope --version

  demo     the dashboard on an embedded simulated cluster (no Kubernetes needed)
  serve    the dashboard on your cluster (kubeconfig, or in-cluster service account)
  analyze  findings for \`kubectl get pods -o json\` output; exit 1 when a finding at or above
           --severity (default critical) exists, 2 on unreadable input

  sidecarscope COMMAND --help   the options of one command
`;

/** Each command's own help, for `sidecarscope COMMAND --help` (or `-h`). */
export const COMMAND_HELP: Record<'demo' | 'serve' | 'analyze', string> = {
  demo: `Usage: sidecarscope demo [options]

The dashboard on a simulated cluster started in this process (no Kubernetes needed). The printed
kubeconfig works with kubectl too.

Options:
  --port N           port to serve on (default 3000, or $PORT)
  --host ADDR        address to bind (default 127.0.0.1; set SIDECARSCOPE_TOKEN before binding others)
  --speed X          how fast simulated time runs (default 1)
  --scenarios a,b    only these scenarios
  --churn N          also create and delete N pods continuously
  --deny a,b         the simulated cluster's RBAC refuses these resources (events, pods) with a 403
  --dev              run next dev (hot reload) instead of a production build
  -h, --help         this help
`,
  serve: `Usage: sidecarscope serve [options]

The dashboard on your cluster: the kubeconfig's current context, or the in-cluster service account.

Options:
  --kubeconfig FILE  kubeconfig to use (default $KUBECONFIG or ~/.kube/config)
  --context NAME     context to use (default the current one)
  --namespace a,b    watch only these namespaces (repeatable)
  --in-cluster       use the pod's service account (binds 0.0.0.0)
  --logs             read the previous run's log of a crashed container on request (needs get pods/log)
  --port N           port to serve on (default 3000, or $PORT)
  --host ADDR        address to bind (default 127.0.0.1; set SIDECARSCOPE_TOKEN before binding others)
  --dev              run next dev (hot reload) instead of a production build
  -h, --help         this help

Settings (SIDECARSCOPE_TOKEN, SIDECARSCOPE_ALLOWED_HOSTS, ...): docs/http-api.md.
`,
  analyze: `Usage: sidecarscope analyze [FILE|-] [options]

Findings for \`kubectl get pods -o json\` output: a Pod, a PodList or v1 List (its Events are used),
or a watch stream (one {"type","object"} per line), as JSON or YAML. FILE - (the default) reads
standard input.

Options:
  --json                              print {"findings":[...]} instead of text
  --severity critical|warning|info    exit 1 when a finding at or above this exists (default critical)
  --now TIME                          judge ages as of TIME (default now), e.g. 2024-07-19T13:40:00Z
  -h, --help                          this help

Exit codes: 0 no finding at or above --severity, 1 at least one, 2 unreadable input.
`,
};

/** The version in package.json. */
export function readVersion(root = process.env.SIDECARSCOPE_ROOT ?? process.cwd()): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

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
    const known = command === 'start' ? 'serve' : command;
    if ((known === 'demo' || known === 'serve' || known === 'analyze') && asksForHelp(rest)) {
      process.stdout.write(COMMAND_HELP[known]);
      return 0;
    }
    switch (command) {
      case 'analyze':
        return await analyze(rest);
      case 'demo':
        return await runDemo(rest);
      case 'serve':
      case 'start':
        return await runServe(rest);
      case '--version':
      case '-v':
      case 'version':
        process.stdout.write(`sidecarscope ${readVersion()}\n`);
        return 0;
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
