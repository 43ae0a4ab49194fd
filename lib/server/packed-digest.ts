/**
 * A pod's digest as the hub keeps it. Pods of one template in one state differ only in a few
 * values (times, resource version, node, messages); the rest — statuses with their state objects,
 * conditions, phase, the already shared container specs and labels — is one shared skeleton.
 * A pod holds a reference to its skeleton and its own values in two flat arrays (times unboxed),
 * about a fifth of the digest's objects; `unpackDigest` rebuilds an equal `PodDigest` on demand.
 */
import 'server-only';
import type { PodDigest } from '../model/types';
import { sameData, type Interner } from './interner';

/** Where a pod's own text goes in a skeleton (also any text that itself starts with NUL). */
const TEXT = '\u0000s';
/** Where a pod's own number goes in a skeleton. */
const TIME = '\u0000t';
/** The pod's uid: read from its entry (the key of the hub's map), not stored twice. */
const UID = '\u0000u';

/** Keys, at any depth below the pod, whose values differ between pods of one template. */
const OWN_KEYS: ReadonlySet<string> = new Set([
  'resourceVersion',
  'nodeName',
  'message',
  'containerID',
  'createdAt',
  'startTime',
  'deletedAt',
  'lastTransitionTime',
  'startedAt',
  'finishedAt',
  'restartCount',
]);

/** Top-level parts already shared through the interner: kept by reference, keyed by identity. */
const SHARED_KEYS: ReadonlySet<string> = new Set(['containers', 'labels', 'annotations', 'workload', 'owner', 'problems']);

/** One skeleton, shared by every pod that has it. */
export interface DigestShape {
  readonly skeleton: Readonly<Record<string, unknown>>;
  /** Index of `resourceVersion` in a pod's texts, or -1 when the skeleton holds it (absent). */
  readonly versionAt: number;
}

/** What one pod keeps of its digest. */
export interface PackedDigest {
  shape: DigestShape;
  texts: readonly string[];
  times: readonly number[];
}

const NONE: readonly never[] = Object.freeze([]);

/** A copy without the spare capacity `push` leaves (it nearly doubles a short array's size). */
function exactly<T>(items: T[]): readonly T[] {
  return items.length === 0 ? NONE : items.slice();
}

/** Numbers stable for the life of an object, so a skeleton's key names shared parts by identity. */
const ids = new WeakMap<object, number>();
let nextId = 1;
export function idOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId;
    nextId += 1;
    ids.set(value, id);
  }
  return id;
}

class Packer {
  readonly texts: string[] = [];
  readonly times: number[] = [];
  versionAt = -1;

  own(value: unknown): unknown {
    if (typeof value === 'number') {
      this.times.push(value);
      return TIME;
    }
    if (typeof value === 'string') {
      this.texts.push(value);
      return TEXT;
    }
    return this.strip(value);
  }

  strip(value: unknown): unknown {
    if (typeof value === 'string') {
      if (!value.startsWith('\u0000')) return value;
      this.texts.push(value);
      return TEXT;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => this.strip(item));
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const field = (value as Record<string, unknown>)[key];
      out[key] = OWN_KEYS.has(key) ? this.own(field) : this.strip(field);
    }
    return out;
  }
}

/**
 * Packs `digest` (whose shared parts were already put through `shareDigest`). The skeleton is the
 * previous one's when equal (most updates), else the interner's copy of an equal one, found by the
 * skeleton's JSON with the shared parts named by identity and position.
 */
export function packDigest(digest: PodDigest, shared: Interner, previous?: DigestShape): PackedDigest {
  const packer = new Packer();
  const skeleton: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  let sharedIds = '';
  let position = 0;
  for (const key in digest) {
    const field = (digest as unknown as Record<string, unknown>)[key];
    position += 1;
    if (key === 'uid') skeleton.uid = rest.uid = UID;
    else if (SHARED_KEYS.has(key)) {
      skeleton[key] = field;
      sharedIds += typeof field === 'object' && field !== null ? `${position}:${idOf(field)},` : `${position}:${String(field)},`;
    } else {
      if (key === 'resourceVersion' && typeof field === 'string') packer.versionAt = packer.texts.length;
      skeleton[key] = rest[key] = OWN_KEYS.has(key) || key === 'name' ? packer.own(field) : packer.strip(field);
    }
  }
  const shape =
    previous && sameShape(previous, packer.versionAt, skeleton)
      ? previous
      : (shared.recent('skeleton', sameShape, packer.versionAt, skeleton) ??
        shared.remember('skeleton', shared.keyed(`\u0001${sharedIds}${JSON.stringify(rest)}`, { skeleton, versionAt: packer.versionAt })));
  return { shape, texts: exactly(packer.texts), times: exactly(packer.times) };
}

function sameShape(known: DigestShape, versionAt: number, skeleton: Record<string, unknown>): boolean {
  return known.versionAt === versionAt && sameSkeleton(known.skeleton, skeleton);
}

/** Shared parts by identity (they are interned), the rest by value. */
function sameSkeleton(a: Readonly<Record<string, unknown>>, b: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in a) {
    keys += 1;
    if (SHARED_KEYS.has(key) ? a[key] !== b[key] : !sameData(a[key], b[key])) return false;
  }
  return keys === Object.keys(b).length;
}

class Filler {
  private text = 0;
  private time = 0;

  constructor(private readonly packed: PackedDigest) {}

  fill(value: unknown): unknown {
    if (value === TEXT) return this.packed.texts[this.text++];
    if (value === TIME) return this.packed.times[this.time++];
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => this.fill(item));
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = this.fill((value as Record<string, unknown>)[key]);
    return out;
  }
}

/** The digest `packed` was made from (shared parts by reference, the rest fresh objects). */
export function unpackDigest(packed: PackedDigest, uid: string): PodDigest {
  const filler = new Filler(packed);
  const digest: Record<string, unknown> = {};
  const { skeleton } = packed.shape;
  for (const key in skeleton) {
    const field = skeleton[key];
    if (field === UID) digest[key] = uid;
    else if (SHARED_KEYS.has(key)) digest[key] = field;
    else digest[key] = filler.fill(field);
  }
  return digest as unknown as PodDigest;
}

/** A top-level field the skeleton holds itself (lists and totals read these for every pod without unpacking). */
export function topFieldOf<K extends 'namespace' | 'phase' | 'workload' | 'containers'>(packed: PackedDigest, key: K): PodDigest[K] | undefined {
  const value = packed.shape.skeleton[key];
  return value === TEXT ? undefined : (value as PodDigest[K]);
}

export function resourceVersionOf(packed: PackedDigest): string | undefined {
  const { versionAt, skeleton } = packed.shape;
  return versionAt >= 0 ? packed.texts[versionAt] : (skeleton.resourceVersion as string | undefined);
}
