/**
 * The message format of the live stream (`GET /api/stream`, Server-Sent Events).
 *
 * The stream tells the browser *which pods changed*, coalesced (every ~100 ms): their uids, the
 * uids that went away, whether pods joined or left the list, the summary's head (counts and
 * status, at most once a second) and, when the client asked for one pod, that pod's detail. Rows
 * are not sent: a browser shows pages fetched over JSON and decides from the uids whether its page
 * needs refetching (`lib/client/page-affected.ts`), so one message serves every list client.
 * Parsed with zod on the browser side: the stream is untrusted input, and every payload in it is
 * parsed as fully as the JSON endpoints' (`lib/model/contract.ts`).
 */
import { z } from 'zod';
import { podDetailSchema, streamStatusSchema, summaryHeadSchema } from './views';

export const streamMessageSchema = z.discriminatedUnion('type', [
  /** First message on every connection: small, what the first paint needs. */
  z.object({ type: z.literal('hello'), seq: z.number(), status: streamStatusSchema, summary: summaryHeadSchema }),
  /** Coalesced changes since the previous message. */
  z.object({
    type: z.literal('delta'),
    seq: z.number(),
    /** The summary's head, when it changed (at most once a second). */
    summary: summaryHeadSchema.optional(),
    /** Uids of pods whose list row changed, new pods included. */
    changed: z.array(z.string()),
    /** Uids no longer listed (deleted pods dropped from the retained history). */
    removed: z.array(z.string()),
    /** Pods were added to or dropped from the list: positions and totals shift. */
    listChanged: z.boolean(),
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
