/**
 * Follows the pods of one cluster (simulated or real) through snapshots taken at the same
 * instants, the way the dashboard's hub does: digest each pod, fold snapshots into observations
 * with the snapshot time, record deletions, attach events. Pods are keyed `namespace/name`, since
 * the two clusters give the same pod different uids. {@link summarise} reduces what the
 * dashboard would show to what must match between the clusters: lanes and findings.
 */
import { toPodDigest } from '@/lib/model/digest';
import { toEventDigest } from '@/lib/model/events';
import { detectFindings } from '@/lib/model/findings';
import { deriveLifecycle } from '@/lib/model/lifecycle';
import { observeDeletion, observePod } from '@/lib/model/observe';
import type { ClusterFacts, EventDigest, Lane, PodDigest, PodObservations } from '@/lib/model/types';

interface Tracked {
  digest: PodDigest;
  observations: PodObservations;
  scenario?: string;
  gone: boolean;
}

/** A lane without its times: what must be the same on both clusters. */
export interface LaneShape {
  container: string;
  kind: string;
  restartCount: number;
  segments: string[];
  markers: string[];
}

export interface PodSummary {
  lanes: LaneShape[];
  findings: string[];
  gone: boolean;
}

/** A lane reduced to what must match between clusters (no times). */
export function laneShape(lane: Lane): LaneShape {
  return {
    container: lane.container,
    kind: lane.kind,
    restartCount: lane.restartCount,
    segments: lane.segments.map((s) => [s.state, s.reason, s.exitCode].filter((v) => v !== undefined).join(':')),
    markers: lane.markers.map((m) => m.kind),
  };
}

export class PodTracker {
  readonly pods = new Map<string, Tracked>();
  private events = new Map<string, EventDigest[]>();

  /** Pods outside namespaces starting with `namespacePrefix` are ignored; keys drop the prefix. */
  constructor(
    private readonly scenarioLabel: string,
    private readonly namespacePrefix = '',
  ) {}

  private keyOf(namespace: string, name: string): string | undefined {
    return namespace.startsWith(this.namespacePrefix) ? `${namespace.slice(this.namespacePrefix.length)}/${name}` : undefined;
  }

  /** Folds one full list of pods and events taken at `at` (epoch ms). */
  snapshot(rawPods: readonly unknown[], rawEvents: readonly unknown[], at: number): void {
    const seen = new Set<string>();
    for (const raw of rawPods) {
      const digest = toPodDigest(raw);
      if (!digest) continue;
      const key = this.keyOf(digest.namespace, digest.name);
      if (key === undefined) continue;
      seen.add(key);
      const prev = this.pods.get(key);
      const observations = observePod(prev?.observations, prev?.digest, digest, at);
      const scenario = digest.labels[this.scenarioLabel] ?? prev?.scenario;
      this.pods.set(key, { digest, observations, scenario, gone: false });
    }
    for (const [key, tracked] of this.pods) {
      if (!seen.has(key) && !tracked.gone) this.pods.set(key, { ...tracked, observations: observeDeletion(tracked.observations, at), gone: true });
    }
    this.events = new Map();
    for (const raw of rawEvents) {
      const event = toEventDigest(raw);
      if (!event) continue;
      const key = this.keyOf(event.namespace, event.podName);
      if (key === undefined) continue;
      this.events.set(key, [...(this.events.get(key) ?? []), event]);
    }
  }

  /** Lanes and findings of every pod of `scenario`, keyed `namespace/name`. */
  summarise(scenario: string, now: number, cluster: ClusterFacts): Map<string, PodSummary> {
    const out = new Map<string, PodSummary>();
    for (const [key, tracked] of [...this.pods].sort(([a], [b]) => a.localeCompare(b))) {
      if (tracked.scenario !== scenario) continue;
      const events = this.events.get(key) ?? [];
      const input = { pod: tracked.digest, observations: tracked.observations, events, now };
      const lifecycle = deriveLifecycle(input);
      const findings = detectFindings({ ...input, cluster });
      out.set(key, {
        lanes: lifecycle.lanes.map(laneShape),
        findings: findings.map((f) => [f.id, f.severity, f.container ?? '-'].join(' ')).sort(),
        gone: tracked.gone,
      });
    }
    return out;
  }
}
