/**
 * What the hub tells the history store about, as it applies it. Optional: a hub without a sink
 * (tests, a store that could not be opened) keeps working live.
 */
import type { ObservationsInput } from '../history/sink-types';
import type { EventDigest, Finding, MetricsSample, PodDigest, PodObservations, WatchGap } from '../model/types';

export interface HistorySink {
  podSeen(digest: PodDigest, observations: ObservationsInput | undefined, at: number): void;
  /** `observed`: the watch saw it go; `last-seen`: gone after a gap, closed when last seen. */
  podDeleted(uid: string, at: number, kind: 'observed' | 'last-seen', observations?: ObservationsInput): void;
  event(event: EventDigest, at: number): void;
  sample(uid: string, sample: MetricsSample, at: number): void;
  /** A pod's findings after a derivation (raised and cleared ones are told apart by the sink). */
  findings(uid: string, findings: readonly Finding[], at: number): void;
}

/** A pod read back from the store at start, as the hub needs it. */
export interface RestoredPod {
  digest: PodDigest;
  observations?: PodObservations;
  samples: MetricsSample[];
  /** The last moment the store knew it alive: a pod found gone after the restart ends here. */
  lastSeen: number;
}

export type { WatchGap };
