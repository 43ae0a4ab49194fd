/**
 * What the history store keeps and answers, independent of the database behind it (SQLite today;
 * a PostgreSQL backend implements the same {@link HistoryStore}). Every record is keyed so that a
 * replay, a relist or a second writer never duplicates it: pods by (cluster, uid), versions by
 * (pod, resourceVersion), samples by (pod, resolution, time, container), events by (cluster, key),
 * findings by (pod, key, raised time), gaps by (cluster, start, reason).
 */
import type { EventDigest, Finding, PodDigest, PodObservations } from '../model/types';

/** Why nothing watched for a while: the process was down, a watch was cut, the data went stale, or writes were paused. */
export type GapReason = 'process-down' | 'watch-cut' | 'stale' | 'history-paused';

/** A period during which the store knows nothing about the cluster. Timelines show it; no state is extended across it. */
export interface HistoryGap {
  from: number;
  to: number;
  reason: GapReason;
}

/** The parts of a digest that pods of one template share, stored once per distinct value. */
export const SHARED_PARTS = ['containers', 'labels', 'annotations', 'workload', 'owner', 'problems'] as const;
export type SharedPart = (typeof SHARED_PARTS)[number];

/** One observed version of a pod: the digest with its shared parts replaced by their hashes. */
export interface VersionRecord {
  uid: string;
  /** The resourceVersion, or `obs:<ms>` when the object carried none. */
  rv: string;
  at: number;
  /** Hash of each shared part present (see {@link SHARED_PARTS}). */
  parts: Partial<Record<SharedPart, string>>;
  /** JSON of the digest without its shared parts. */
  body: string;
}

export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  workload: { kind: string; name: string };
  /** First and last time a watcher saw the pod (a deleted pod's `lastSeen` is its deletion). */
  firstSeen: number;
  lastSeen: number;
  /** JSON of the latest {@link PodObservations}, when they changed. */
  observations?: string;
}

/** `observed`: the watch saw the pod go; `last-seen`: it was gone after a gap, closed at the last time it was seen. */
export type DeletionKind = 'observed' | 'last-seen';

export interface FindingRaised {
  uid: string;
  /** `id` or `id/container`. */
  key: string;
  raisedAt: number;
  finding: Finding;
}

export interface FindingCleared {
  uid: string;
  key: string;
  raisedAt: number;
  clearedAt: number;
  /** The finding as last seen, with its final evidence. */
  finding: Finding;
}

export interface SampleRecord {
  uid: string;
  at: number;
  container: string;
  cpuMilli: number;
  memoryBytes: number;
}

/** One transaction's worth of writes. */
export interface HistoryBatch {
  templates: { hash: string; body: string }[];
  pods: PodRecord[];
  versions: VersionRecord[];
  deletions: { uid: string; at: number; kind: DeletionKind }[];
  events: { key: string; event: EventDigest }[];
  raised: FindingRaised[];
  cleared: FindingCleared[];
  samples: SampleRecord[];
  gaps: HistoryGap[];
  /** The last moment the writer was alive and watching (closes a "process down" gap on the next start). */
  heartbeat?: number;
}

export function emptyBatch(): HistoryBatch {
  return { templates: [], pods: [], versions: [], deletions: [], events: [], raised: [], cleared: [], samples: [], gaps: [] };
}

const ORDER = ['templates', 'pods', 'versions', 'deletions', 'events', 'raised', 'cleared', 'samples', 'gaps'] as const;

/**
 * The batch cut into batches of at most `max` records, in dependency order (templates and pods
 * before what refers to them); the heartbeat goes with the last. Each is written in its own
 * transaction, with the event loop free between them.
 */
export function splitBatch(batch: HistoryBatch, max: number): HistoryBatch[] {
  const out: HistoryBatch[] = [];
  let current = emptyBatch();
  let size = 0;
  for (const key of ORDER) {
    const list = batch[key] as unknown[];
    for (let i = 0; i < list.length;) {
      const take = Math.min(max - size, list.length - i);
      (current[key] as unknown[]).push(...list.slice(i, i + take));
      size += take;
      i += take;
      if (size >= max) {
        out.push(current);
        current = emptyBatch();
        size = 0;
      }
    }
  }
  if (size > 0 || out.length === 0) out.push(current);
  const last = out[out.length - 1];
  if (last && batch.heartbeat !== undefined) last.heartbeat = batch.heartbeat;
  return out;
}

export function batchSize(b: HistoryBatch): number {
  return (
    b.templates.length +
    b.pods.length +
    b.versions.length +
    b.deletions.length +
    b.events.length +
    b.raised.length +
    b.cleared.length +
    b.samples.length +
    b.gaps.length
  );
}

/** A pod as stored: its latest digest at or before a moment, and what the store knows of its life. */
export interface StoredPod {
  digest: PodDigest;
  firstSeen: number;
  lastSeen: number;
  deletedAt?: number;
  deletion?: DeletionKind;
  observations?: PodObservations;
}

/** A finding's life span in the store. */
export interface FindingSpan {
  uid: string;
  namespace: string;
  pod: string;
  workload: { kind: string; name: string };
  key: string;
  finding: Finding;
  raisedAt: number;
  clearedAt?: number;
}

export interface StoredSample {
  at: number;
  /** 0 for raw samples, else the bucket width in ms (mean CPU, max memory over the bucket). */
  resolutionMs: number;
  containers: Record<string, { cpuMilli: number; memoryBytes: number }>;
}

export interface StoreStats {
  /** Bytes in use (pages minus the free list). */
  bytes: number;
  pods: number;
  versions: number;
  samples: number;
  /** The oldest moment the store can answer for. */
  oldest?: number;
}

export interface RetentionPolicy {
  maxAgeMs: number;
  maxBytes: number;
  /** Raw metrics samples older than this are folded into buckets of `bucketMs`. */
  rawSamplesMs: number;
  bucketMs: number;
}

/** The storage backend. Async so that a networked database can implement it. */
export interface HistoryStore {
  readonly cluster: string;
  write(batch: HistoryBatch): Promise<void>;
  /** The last heartbeat written for this cluster. */
  lastHeartbeat(): Promise<number | undefined>;
  /** Pods not closed, each with its latest version. */
  openPods(): Promise<StoredPod[]>;
  /** Pods that existed at `at` (first seen at or before, not deleted by then), each with its version at `at`. */
  podsAt(at: number): Promise<StoredPod[]>;
  /** One pod by uid, as of `at`. */
  podAt(uid: string, at: number): Promise<StoredPod | undefined>;
  /** The uid of the pod named `namespace/name` that existed at `at` (else the latest before it). */
  uidOf(namespace: string, name: string, at: number): Promise<string | undefined>;
  /** Findings open at any time in [from, to]; optionally of one workload or pod. */
  findingsBetween(from: number, to: number, filter?: { namespace?: string; workload?: { kind: string; name: string }; uid?: string }): Promise<FindingSpan[]>;
  /** Findings open at `uid`'s moment `at` are {@link findingsBetween} with from = to = at. */
  events(namespace: string, podName: string, upTo: number): Promise<EventDigest[]>;
  samples(uid: string, from: number, to: number): Promise<StoredSample[]>;
  gaps(from: number, to: number): Promise<HistoryGap[]>;
  /** Deletes by age, folds old raw samples, then deletes oldest data until under the size cap. */
  enforceRetention(now: number, policy: RetentionPolicy): Promise<{ deletedBytes: number }>;
  stats(): Promise<StoreStats>;
  /** Cheap: bytes in use and the oldest moment answerable (no row counts). */
  footprint(): Promise<{ bytes: number; oldest?: number }>;
  close(): Promise<void>;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  maxAgeMs: 7 * 24 * 3_600_000,
  maxBytes: 1024 ** 3,
  rawSamplesMs: 3_600_000,
  bucketMs: 5 * 60_000,
};
