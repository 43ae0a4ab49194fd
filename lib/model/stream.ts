/**
 * The message format of the live stream (`GET /api/stream`, Server-Sent Events).
 *
 * The stream tells the browser *what changed*, coalesced (every ~100 ms): the new summary, the
 * rows that changed, the uids that went away, and, when the client asked for one pod, that pod's
 * detail. Lists are fetched in pages over JSON and revalidated on change, so a browser never needs
 * the whole cluster at once. Parsed with zod on the browser side: the stream is untrusted input,
 * and every payload in it is parsed as fully as the JSON endpoints' (`lib/model/contract.ts`).
 */
import { z } from 'zod';
import { clusterSummarySchema, podDetailSchema, podRowSchema, streamStatusSchema } from './views';

export const streamMessageSchema = z.discriminatedUnion('type', [
  /** First message on every connection, and after a resync. */
  z.object({ type: z.literal('hello'), seq: z.number(), status: streamStatusSchema, summary: clusterSummarySchema }),
  /** Coalesced changes since the previous message. */
  z.object({
    type: z.literal('delta'),
    seq: z.number(),
    summary: clusterSummarySchema.optional(),
    upserts: z.array(podRowSchema),
    removes: z.array(z.string()),
    /** Present when the client subscribed to one pod (`?pod=namespace/name`) and it changed. */
    pod: podDetailSchema.optional(),
  }),
  z.object({ type: z.literal('status'), seq: z.number(), status: streamStatusSchema }),
  /** The client fell behind (its buffer overflowed): refetch everything, then carry on. */
  z.object({ type: z.literal('resync'), seq: z.number(), reason: z.string() }),
]);

export type StreamMessage = z.infer<typeof streamMessageSchema>;
/** One message of each type, as the server builds them. */
export type StreamMessageOf<T extends StreamMessage['type']> = Extract<StreamMessage, { type: T }>;

/** Parses one SSE `data:` payload; returns undefined for anything that is not a stream message. */
export function parseStreamMessage(data: string): StreamMessage | undefined {
  try {
    const result = streamMessageSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
