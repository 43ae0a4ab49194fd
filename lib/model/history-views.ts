/**
 * What the look-back API sends besides the live payloads: the findings timeline. Times are epoch
 * milliseconds.
 */
import { z } from 'zod';
import { findingIdSchema, severitySchema, watchGapSchema } from './types';

/** One finding's life on one pod: raised, and cleared unless still open at `to`. */
export const findingSpanViewSchema = z.object({
  uid: z.string(),
  namespace: z.string(),
  pod: z.string(),
  workload: z.object({ kind: z.string(), name: z.string() }),
  id: findingIdSchema,
  severity: severitySchema,
  container: z.string().optional(),
  message: z.string(),
  raisedAt: z.number(),
  clearedAt: z.number().optional(),
});
export type FindingSpanView = z.infer<typeof findingSpanViewSchema>;

export const findingsTimelineSchema = z.object({
  from: z.number(),
  to: z.number(),
  /** Oldest raise first. */
  spans: z.array(findingSpanViewSchema),
  /** Periods nothing watched within [from, to]. */
  gaps: z.array(watchGapSchema),
  /** True when more spans matched than were sent (the first ones by raise time are sent). */
  truncated: z.boolean(),
});
export type FindingsTimeline = z.infer<typeof findingsTimelineSchema>;
