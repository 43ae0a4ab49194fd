/**
 * Whether a cached pods-list page must be refetched after a stream batch. The stream names the
 * pods that changed, not their rows, so the page decides from what it shows: a named pod on the
 * page, pods joining or leaving the list (positions and the total shift), or, when the page is
 * sorted or filtered by something that changes (status, restarts, findings, text), any change at
 * all, since a pod elsewhere may have moved onto it. Pages of a past moment (`at=`) never change.
 */
import type { PodPage } from '@/lib/model/views';
import { PODS_PATH_PREFIX } from './api-paths';
import type { StreamBatch } from './stream-batch';

const STABLE_SORTS = new Set(['name', '-name', 'namespace', 'age', '-age']);
const CHANGING_FILTERS = ['finding', 'severity', 'q'];

/** True when the list page cached under `key` (a `toPodsApiPath` path) may differ after `batch`. */
export function isPageAffected(key: string, page: PodPage | undefined, batch: Pick<StreamBatch, 'changed' | 'listChanged'>): boolean {
  const params = new URLSearchParams(key.startsWith(PODS_PATH_PREFIX) ? key.slice(PODS_PATH_PREFIX.length) : '');
  if (params.has('at')) return false;
  if (batch.listChanged) return true;
  if (batch.changed.length === 0) return false;
  if (!STABLE_SORTS.has(params.get('sort') ?? 'namespace')) return true;
  if (CHANGING_FILTERS.some((name) => params.has(name))) return true;
  if (!page) return true;
  const changed = new Set(batch.changed);
  return page.rows.some((row) => changed.has(row.uid));
}
