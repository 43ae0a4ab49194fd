/**
 * lib/k8s/watch-stream.ts (at 7787dbf) crashes the process when a watch is aborted: its readline
 * interface re-emits the body stream's AbortError as an 'error' event nobody listens to. Until
 * that is fixed (`lines.on('error', () => {})` there), the bench counts those errors instead of
 * dying, and reports the count. Any other uncaught error still ends the run.
 */
export const guard = { abortCrashes: 0 };

export function installCrashGuard(): void {
  process.on('uncaughtException', (error: unknown) => {
    if (error instanceof Error && error.name === 'AbortError') {
      guard.abortCrashes += 1;
      return;
    }
    console.error(error);
    process.exit(1);
  });
}
