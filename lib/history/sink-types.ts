/** The model types the recorder reads, re-exported so the history module has one import point. */
export type { EventDigest, Finding, MetricsSample, PodDigest, PodObservations } from '../model/types';
import type { PodObservations } from '../model/types';

/**
 * A pod's observations in the hub's packed form (lib/server/packed-observations.ts): what the
 * recorder keeps while they wait for their interval, a fraction of the objects' size. It tells its
 * counts without unpacking, and `JSON.stringify` writes it as the objects (`toJSON`).
 */
export interface PackedObservationsLike {
  readonly transitionsKept: number;
  readonly terminationsKept: number;
  readonly hasFirstDeletion: boolean;
  toJSON(): PodObservations;
}

/** Observations as the hub hands them to the recorder: objects, or packed. */
export type ObservationsInput = PodObservations | PackedObservationsLike;

/** The part of the hub's status the recorder needs. */
export interface StreamStatusLike {
  state: string;
  since?: number;
}
