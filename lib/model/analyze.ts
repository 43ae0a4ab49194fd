/**
 * Offline analysis: the same digest, observations and findings the live hub computes, over
 * documents read from a file (`kubectl get pods -o json`, a List with Events, or a watch stream).
 */
import { toEventDigest } from './events';
import { detectFindings } from './findings';
import { observeDeletion, observePod } from './observe';
import { severityRank, type ClusterFacts, type EventDigest, type Finding, type PodDigest, type PodObservations, type Severity } from './types';
import { toPodDigest } from './digest';
import { isRecord } from './raw';

export interface AnalysedPod {
  pod: PodDigest;
  observations?: PodObservations;
  events: EventDigest[];
  findings: Finding[];
}

export interface AnalysisResult {
  pods: AnalysedPod[];
  /** Documents that were neither pods, events nor lists of them. */
  skipped: number;
}

interface Tracked {
  pod: PodDigest;
  observations?: PodObservations;
  snapshots: number;
}

/** True when `severity` is at or above `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** Flattens Lists and watch events into `{ type, object }` pairs in input order. */
function* flatten(docs: readonly unknown[]): Generator<{ type: string; object: unknown }> {
  for (const doc of docs) {
    if (Array.isArray(doc)) {
      yield* flatten(doc);
    } else if (isRecord(doc) && Array.isArray(doc.items)) {
      yield* flatten(doc.items);
    } else if (isRecord(doc) && typeof doc.type === 'string' && isRecord(doc.object)) {
      yield { type: doc.type, object: doc.object };
    } else {
      yield { type: 'ADDED', object: doc };
    }
  }
}

function kindOf(object: unknown): string | undefined {
  return isRecord(object) && typeof object.kind === 'string' ? object.kind : undefined;
}

function applyPod(tracked: Map<string, Tracked>, type: string, object: unknown): boolean {
  const pod = toPodDigest(object);
  if (!pod) return false;
  const previous = tracked.get(pod.uid);
  if (type === 'DELETED') {
    const observations = observeDeletion(previous?.observations ?? observePod(undefined, undefined, pod, undefined), undefined);
    tracked.set(pod.uid, { pod, observations, snapshots: (previous?.snapshots ?? 0) + 1 });
    return true;
  }
  if (!previous) {
    tracked.set(pod.uid, { pod, snapshots: 1 });
    return true;
  }
  const observations = observePod(previous.observations ?? observePod(undefined, undefined, previous.pod, undefined), previous.pod, pod, undefined);
  tracked.set(pod.uid, { pod, observations, snapshots: previous.snapshots + 1 });
  return true;
}

function groupEventsByPod(events: readonly EventDigest[]): Map<string, EventDigest[]> {
  const byPod = new Map<string, EventDigest[]>();
  for (const event of events) {
    const key = `${event.namespace}/${event.podName}`;
    const list = byPod.get(key);
    if (list) list.push(event);
    else byPod.set(key, [event]);
  }
  return byPod;
}

/**
 * Digests every pod in `docs`, folds repeated snapshots of the same pod (a watch stream) into
 * observations, attaches events by pod, and runs every rule. `now` judges "for how long".
 */
export function analyzeDocuments(docs: readonly unknown[], now: number, cluster?: ClusterFacts): AnalysisResult {
  const tracked = new Map<string, Tracked>();
  const events: EventDigest[] = [];
  let skipped = 0;
  for (const { type, object } of flatten(docs)) {
    const kind = kindOf(object);
    if (kind === 'Event') {
      const event = toEventDigest(object);
      if (event) events.push(event);
      else skipped += 1;
    } else if ((kind === undefined || kind === 'Pod') && type !== 'BOOKMARK' && type !== 'ERROR') {
      if (!applyPod(tracked, type, object)) skipped += 1;
    } else {
      skipped += 1;
    }
  }
  const eventsByPod = groupEventsByPod(events);
  const pods = [...tracked.values()].map(({ pod, observations }) => {
    const named = eventsByPod.get(`${pod.namespace}/${pod.name}`) ?? [];
    const own = named.filter((e) => !e.podUid || e.podUid === pod.uid);
    const findings = detectFindings({ pod, observations, events: own, cluster, now });
    return { pod, observations, events: own, findings };
  });
  return { pods, skipped };
}
