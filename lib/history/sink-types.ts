/** The model types the recorder reads, re-exported so the history module has one import point. */
export type { EventDigest, Finding, MetricsSample, PodDigest, PodObservations } from '../model/types';

/** The part of the hub's status the recorder needs. */
export interface StreamStatusLike {
  state: string;
  since?: number;
}
