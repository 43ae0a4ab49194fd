/**
 * Coalescing of stream messages between two renders. A busy cluster sends a delta every ~100 ms;
 * the page only needs the latest summary head and pod detail, and which pods changed, so messages
 * are folded into one {@link StreamBatch} and applied at most every flush interval.
 */
import type { StreamMessage } from '@/lib/model/stream';
import type { PodDetail, StreamStatus, SummaryHead } from '@/lib/model/views';

export interface StreamBatch {
  summary?: SummaryHead;
  pod?: PodDetail;
  status?: StreamStatus;
  /** Uids whose rows changed or went away. */
  changed: readonly string[];
  /** Pods joined or left the list, or more changed than are tracked: every list page is affected. */
  listChanged: boolean;
  /** The server asked for a full refetch. */
  resync: boolean;
  /** Highest sequence number folded in. */
  seq: number;
}

/** Past this many changed uids in one batch, the batch says "every page" instead of naming them. */
export const MAX_TRACKED_UIDS = 5_000;

export const EMPTY_BATCH: StreamBatch = { changed: [], listChanged: false, resync: false, seq: -1 };

function withChanged(
  batch: StreamBatch,
  changed: readonly string[],
  removed: readonly string[],
  listChanged: boolean,
): Pick<StreamBatch, 'changed' | 'listChanged'> {
  if (batch.listChanged || listChanged) return { changed: [], listChanged: true };
  if (changed.length === 0 && removed.length === 0) return { changed: batch.changed, listChanged: false };
  const all = [...batch.changed, ...changed, ...removed];
  return all.length > MAX_TRACKED_UIDS ? { changed: [], listChanged: true } : { changed: all, listChanged: false };
}

/** Folds one message into a batch; later summaries and pod details replace earlier ones. */
export function foldMessage(batch: StreamBatch, message: StreamMessage): StreamBatch {
  const seq = Math.max(batch.seq, message.seq);
  switch (message.type) {
    case 'hello':
      return { ...batch, seq, status: message.status, summary: message.summary, changed: [], listChanged: true };
    case 'delta':
      return {
        ...batch,
        seq,
        summary: message.summary ?? batch.summary,
        pod: message.pod ?? batch.pod,
        ...withChanged(batch, message.changed, message.removed, message.listChanged),
      };
    case 'status':
      return { ...batch, seq, status: message.status };
    case 'resync':
      return { ...batch, seq, resync: true, changed: [], listChanged: true };
  }
}

/** True when rows may have changed: some uid was named or the list itself changed. */
export function hasRowChanges(batch: StreamBatch): boolean {
  return batch.listChanged || batch.changed.length > 0;
}

/** True when the batch carries nothing to apply. */
export function isEmptyBatch(batch: StreamBatch): boolean {
  return !batch.summary && !batch.pod && !batch.status && !hasRowChanges(batch) && !batch.resync;
}
