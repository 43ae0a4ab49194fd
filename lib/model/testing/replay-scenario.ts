/**
 * Folds a scenario's snapshots through the model as the live hub would (or as `analyze` reading
 * a stream from a file, with `timed: false`), and judges it at its `now`.
 */
import { toPodDigest } from '../digest';
import { toEventDigest } from '../events';
import { detectFindings } from '../findings';
import { deriveLifecycle } from '../lifecycle';
import { toMetricsSample } from '../metrics';
import { observePod } from '../observe';
import type { EventDigest, Finding, MetricsSample, PodDigest, PodLifecycle, PodObservations } from '../types';
import type { SeedScenario } from './scenarios/kit';

export interface ReplayedScenario {
  pod: PodDigest;
  observations: PodObservations | undefined;
  events: EventDigest[];
  metrics: MetricsSample[];
  lifecycle: PodLifecycle;
  findings: Finding[];
}

/** Replays `scenario`; throws when a snapshot is not a pod (a broken scenario should fail loudly). */
export function replayScenario(scenario: SeedScenario, options: { timed?: boolean; lastOnly?: boolean } = {}): ReplayedScenario {
  const timed = options.timed ?? true;
  const snapshots = options.lastOnly ? scenario.snapshots.slice(-1) : scenario.snapshots;
  let pod: PodDigest | undefined;
  let observations: PodObservations | undefined;
  for (const snapshot of snapshots) {
    const next = toPodDigest(snapshot.pod);
    if (!next) throw new Error(`scenario ${scenario.name}: a snapshot is not a pod`);
    observations = observePod(observations, pod, next, timed ? snapshot.observedAt : undefined);
    pod = next;
  }
  if (!pod) throw new Error(`scenario ${scenario.name}: no snapshots`);
  const events = (scenario.events ?? []).flatMap((raw) => toEventDigest(raw) ?? []);
  const metrics = (scenario.metrics ?? []).flatMap((raw) => toMetricsSample(raw)?.sample ?? []);
  const lifecycle = deriveLifecycle({ pod, observations, events, now: scenario.now });
  const findings = detectFindings({ pod, observations, events, metrics, ...(scenario.cluster ? { cluster: scenario.cluster } : {}), now: scenario.now });
  return { pod, observations, events, metrics, lifecycle, findings };
}
