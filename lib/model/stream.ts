/**
 * The message format of the live stream (`GET /api/stream`, Server-Sent Events).
 *
 * The stream tells the browser *what changed*, coalesced (every ~100 ms): the new summary, the
 * rows that changed, the uids that went away, and, when the client asked for one pod, that pod's
 * detail. Lists are fetched in pages over JSON and revalidated on change, so a browser never needs
 * the whole cluster at once. Parsed with zod on the browser side: the stream is untrusted input.
 */
import { z } from 'zod';

const streamStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connecting') }),
  /** `reason` when degraded (e.g. no events grant): the browser shows "Live, limited". */
  z.object({ state: z.literal('connected'), since: z.number(), reason: z.string().optional() }),
  z.object({ state: z.literal('reconnecting'), since: z.number(), reason: z.string() }),
  z.object({ state: z.literal('stale'), since: z.number(), reason: z.string() }),
  z.object({ state: z.literal('forbidden'), since: z.number(), reason: z.string() }),
]);

/** Summary, rows and details are produced by our own server; checked shallowly here. */
const opaque = z.record(z.string(), z.unknown());

export const streamMessageSchema = z.discriminatedUnion('type', [
  /** First message on every connection, and after a resync. */
  z.object({ type: z.literal('hello'), seq: z.number(), status: streamStatus, summary: opaque }),
  /** Coalesced changes since the previous message. */
  z.object({
    type: z.literal('delta'),
    seq: z.number(),
    summary: opaque.optional(),
    upserts: z.array(opaque),
    removes: z.array(z.string()),
    /** Present when the client subscribed to one pod (`?pod=namespace/name`) and it changed. */
    pod: opaque.optional(),
  }),
  z.object({ type: z.literal('status'), seq: z.number(), status: streamStatus }),
  /** The client fell behind (its buffer overflowed): refetch everything, then carry on. */
  z.object({ type: z.literal('resync'), seq: z.number(), reason: z.string() }),
]);

export type StreamMessage = z.infer<typeof streamMessageSchema>;

/** Parses one SSE `data:` payload; returns undefined for anything that is not a stream message. */
export function parseStreamMessage(data: string): StreamMessage | undefined {
  try {
    const result = streamMessageSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
