/**
 * For the CLI, before the dashboard starts: opens the store once and lets go, so a read-only
 * directory, another process holding it, or a newer schema stops `serve` with one clear line
 * (naming the setting) instead of a dashboard whose history silently stays off.
 */
import { StoreError } from './errors';
import { SqliteHistoryStore } from './sqlite-store';

export function checkHistoryStore(dir: string, setting = '--data-dir / SIDECARSCOPE_DATA_DIR'): string | undefined {
  try {
    const store = new SqliteHistoryStore('check', { dir, setting });
    void store.close();
    return undefined;
  } catch (error) {
    return error instanceof StoreError ? error.message : `The history store in ${dir} (${setting}) could not be opened.`;
  }
}
