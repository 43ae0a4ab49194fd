/**
 * Coalescing of stream messages between two renders. A busy cluster sends a delta every ~250 ms;
 * the page only needs the latest summary and pod detail, and to know whether rows changed, so
 * messages are folded into one {@link StreamBatch} and applied at most every flush interval.
 */
import type { StreamMessage } from '@/lib/model/stream';
import type { ClusterSummary, PodDetail, StreamStatus } from '@/lib/model/views';

export interface StreamBatch {
  summary?: ClusterSummary;
  pod?: PodDetail;
  status?: StreamStatus;
  /** Rows were added, changed or removed: lists should revalidate. */
  rowsChanged: boolean;
  /** The server asked for a full refetch. */
  resync: boolean;
  /** Highest sequence number folded in. */
  seq: number;
}

export const EMPTY_BATCH: StreamBatch = { rowsChanged: false, resync: false, seq: -1 };

/** Folds one message into a batch; later summaries and pod details replace earlier ones. */
export function foldMessage(batch: StreamBatch, message: StreamMessage): StreamBatch {
  const seq = Math.max(batch.seq, message.seq);
  switch (message.type) {
    case 'hello':
      return { ...batch, seq, status: message.status, summary: message.summary, rowsChanged: true };
    case 'delta':
      return {
        ...batch,
        seq,
        summary: message.summary ?? batch.summary,
        pod: message.pod ?? batch.pod,
        rowsChanged: batch.rowsChanged || message.upserts.length > 0 || message.removes.length > 0,
      };
    case 'status':
      return { ...batch, seq, status: message.status };
    case 'resync':
      return { ...batch, seq, resync: true, rowsChanged: true };
  }
}

/** True when the batch carries nothing to apply. */
export function isEmptyBatch(batch: StreamBatch): boolean {
  return !batch.summary && !batch.pod && !batch.status && !batch.rowsChanged && !batch.resync;
}
