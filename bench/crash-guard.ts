/**
 * lib/k8s/watch-stream.ts before 9a73b00 crashed the process when a watch was aborted: its readline
 * interface re-emitted the body stream's AbortError as an 'error' event nobody listened to. The
 * bench counts such errors instead of dying (a regression shows in the report); any other
 * uncaught error still ends the run.
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
