/**
 * Pure helpers that cut what is known of a pod down to what was known at a moment. No I/O.
 */
import type { PodObservations } from '../model/types';

/** The observations as they stood at `at`: transitions and terminations seen by then. */
export function observationsAt(observations: PodObservations, at: number): PodObservations {
  if (observations.lastSeenAt !== undefined && observations.lastSeenAt <= at) return observations;
  const cut: PodObservations = {
    ...observations,
    transitions: observations.transitions.filter((t) => t.at <= at),
    terminations: observations.terminations.filter((t) => (t.observedAt ?? t.finishedAt ?? 0) <= at),
  };
  if (observations.lastSeenAt !== undefined) cut.lastSeenAt = Math.min(observations.lastSeenAt, at);
  return cut;
}
