/**
 * Counts uncaught AbortErrors instead of dying, and ends the run on any other uncaught error.
 * Aborting a watch must never crash the process; a stream reader that re-emits the body's
 * AbortError as an 'error' event nobody listens to would, and the bench aborts thousands of
 * watches. Counting them (`guard.abortCrashes`, printed in the report) makes such a regression a
 * figure instead of a dead bench.
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
