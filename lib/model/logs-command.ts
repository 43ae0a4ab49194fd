/** The `kubectl logs` command that reads what the dashboard's log view reads, for people to run themselves. */

/** Lines of a previous run the dashboard reads at most. */
export const LOG_TAIL_LINES = 200;

const SHELL_SAFE = /^[A-Za-z0-9._-]+$/;
const quote = (word: string) => (SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** `kubectl logs -n <ns> <pod> -c <container> --previous --tail=200`, words quoted when not plain. */
export function kubectlLogsCommand(namespace: string, pod: string, container: string): string {
  return `kubectl logs -n ${quote(namespace)} ${quote(pod)} -c ${quote(container)} --previous --tail=${LOG_TAIL_LINES}`;
}
