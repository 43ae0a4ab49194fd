/**
 * What the look-back API sends besides the live payloads: the findings timeline. Times are epoch
 * milliseconds.
 */
import type { FindingId, Severity, WatchGap } from './types';

/** One finding's life on one pod: raised, and cleared unless still open at `to`. */
export interface FindingSpanView {
  uid: string;
  namespace: string;
  pod: string;
  workload: { kind: string; name: string };
  id: FindingId;
  severity: Severity;
  container?: string;
  message: string;
  raisedAt: number;
  clearedAt?: number;
}

export interface FindingsTimeline {
  from: number;
  to: number;
  /** Oldest raise first. */
  spans: FindingSpanView[];
  /** Periods nothing watched within [from, to]. */
  gaps: WatchGap[];
  /** True when more spans matched than were sent (the first ones by raise time are sent). */
  truncated: boolean;
}
