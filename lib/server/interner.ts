/**
 * Shares equal values between pods. Pods of one ReplicaSet or Job carry the same container specs,
 * labels and finding texts; keeping one copy of each instead of one per pod is most of the hub's
 * memory per pod. Values are keyed by their JSON and must never be mutated once interned.
 * Bounded: keys not used for a generation are forgotten, never more than `max` kept (their holders
 * keep their copy, which is only less sharing, never a wrong value); see {@link Interner.reserve}.
 *
 * Two generations, not an LRU: an LRU touches a Map with `delete` + `set` on every hit, and V8
 * leaves each deleted entry in its hash bucket's chain until the table is rebuilt, so the hits on
 * one hot key (the container names of 100,000 pods on the first metrics poll) walk a chain
 * thousands long: 3.3 s for one poll at 100,000 pods, 0.3 s without. Evicting the oldest with
 * `keys().next()` likewise walks every earlier deleted entry (16 µs a miss with 20,000 keys).
 * Here a hit in the young generation is a plain `get`; one in the old is copied to the young; when
 * the young is full it becomes the old and the old is dropped whole.
 */
export class Interner {
  private young = new Map<string, unknown>();
  private old = new Map<string, unknown>();
  private generation: number;
  /** By slot (a call site's name): the values it was handed last, newest first ({@link RECENT} at most). */
  private readonly recents = new Map<string, unknown[]>();

  constructor(max = 20_000) {
    this.generation = Math.max(1, Math.floor(max / 2));
  }

  /**
   * Raises the bound to at least `max` keys (never lowers it). The hub keeps it at the number of
   * pods it tracks: the values pods share grow with their templates, and at 100,000 pods (2,000
   * workloads) they outgrew 20,000 keys. A generation then rolled every 10-15 s under churn, a
   * template's containers were dropped between two of its new pods and interned again as a new
   * object, and every skeleton naming the old one stopped matching: 54,000 of 100,000 pods had a
   * digest skeleton of their own after 10 minutes, against 26 of 20,000 at 20,000 pods.
   */
  reserve(max: number): void {
    const generation = Math.floor(max / 2);
    if (generation > this.generation) this.generation = generation;
  }

  /** The shared value equal to `value` (by JSON), or `value` itself, remembered for next time. */
  value<T>(value: T): T {
    return this.byKey(JSON.stringify(value) ?? 'undefined', value);
  }

  /**
   * `previous` when it holds the same data as `next` (a pod's update that left this part alone:
   * compared in place, far cheaper than the JSON key), else the shared value equal to `next`.
   */
  reuse<T>(previous: T | undefined, next: T, slot?: string): T {
    if (previous !== undefined && sameData(previous, next)) return previous;
    if (slot === undefined) return this.value(next);
    return this.recent<T, [T]>(slot, sameData, next) ?? this.remember(slot, this.value(next));
  }

  /**
   * One of the values last {@link remember}ed in `slot` that `same` accepts. A list holds the pods
   * of a template one after the other (by namespace and name): the part a pod shares is most often
   * the one the pod before it had, found by comparing in place, with no JSON key built and hashed
   * (the sync's cost of sharing, about a fifth of reading a pod).
   */
  recent<T, A extends unknown[]>(slot: string, same: (known: T, ...args: A) => boolean, ...args: A): T | undefined {
    const list = this.recents.get(slot) as T[] | undefined;
    if (!list) return undefined;
    for (let i = 0; i < list.length; i += 1) {
      const known = list[i] as T;
      if (!same(known, ...args)) continue;
      if (i > 0) {
        list.splice(i, 1);
        list.unshift(known);
      }
      return known;
    }
    return undefined;
  }

  /** Remembers `value` as the newest of `slot` (see {@link recent}); returns it. */
  remember<T>(slot: string, value: T): T {
    let list = this.recents.get(slot);
    if (!list) {
      list = [];
      this.recents.set(slot, list);
    }
    list.unshift(value);
    if (list.length > RECENT) list.length = RECENT;
    return value;
  }

  /**
   * The value remembered under `key`, or `value`, remembered for next time. The caller builds a
   * key that cannot meet one of `value`'s or `text`'s (which start with `[`, `{`, `"`, a digit or NUL).
   */
  keyed<T>(key: string, value: T): T {
    return this.byKey(key, value);
  }

  /**
   * The value last remembered under `key` when `same` finds it equal to `next`, else `next`,
   * remembered in its place: for values whose JSON is long and whose short `key` (ids, names)
   * almost always tells them apart.
   */
  latest<T>(key: string, next: T, same: (known: T, next: T) => boolean): T {
    const known = this.find(key) as T | undefined;
    if (known !== undefined && same(known, next)) return this.byKey(key, known);
    this.old.delete(key);
    this.young.delete(key);
    return this.byKey(key, next);
  }

  /** The shared string equal to `text` (first among the last few handed to `slot`, when given). */
  text(text: string, slot?: string): string {
    if (slot === undefined) return this.byKey(`\u0000${text}`, text);
    return this.recent(slot, sameText, text) ?? this.remember(slot, this.byKey(`\u0000${text}`, text));
  }

  /** Keys remembered (one in both generations counts twice: at most `max`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  private byKey<T>(key: string, value: T): T {
    const young = this.young.get(key);
    if (young !== undefined || this.young.has(key)) return young as T;
    const known = this.old.has(key) ? (this.old.get(key) as T) : value;
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, known);
    return known;
  }

  /** The value remembered under `key`, in either generation (undefined: none). */
  private find(key: string): unknown {
    return this.young.has(key) ? this.young.get(key) : this.old.get(key);
  }
}

function sameText(known: string, text: string): boolean {
  return known === text;
}

/** Values remembered per slot of {@link Interner.recent}: a few templates' pods interleaved in one list. */
const RECENT = 4;

/** Deep equality of JSON-like data (plain objects, arrays, primitives); `undefined` fields count as absent. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    keys += 1;
    if (!sameData(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) keys -= 1;
  return keys === 0;
}
