/**
 * Shares equal values between pods. Pods of one ReplicaSet or Job carry the same container specs,
 * labels and finding texts; keeping one copy of each instead of one per pod is most of the hub's
 * memory per pod. Values are keyed by their JSON and must never be mutated once interned.
 * Bounded: the least recently used keys are forgotten past `max` (their holders keep their copy,
 * which is only less sharing, never a wrong value).
 */
export class Interner {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly max = 20_000) {}

  /** The shared value equal to `value` (by JSON), or `value` itself, remembered for next time. */
  value<T>(value: T): T {
    return this.byKey(JSON.stringify(value) ?? 'undefined', value);
  }

  /**
   * `previous` when it holds the same data as `next` (a pod's update that left this part alone:
   * compared in place, far cheaper than the JSON key), else the shared value equal to `next`.
   */
  reuse<T>(previous: T | undefined, next: T): T {
    return previous !== undefined && sameData(previous, next) ? previous : this.value(next);
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
    const known = this.values.get(key) as T | undefined;
    if (known !== undefined && same(known, next)) return this.byKey(key, known);
    this.values.delete(key);
    return this.byKey(key, next);
  }

  /** The shared string equal to `text`. */
  text(text: string): string {
    return this.byKey(`\u0000${text}`, text);
  }

  get size(): number {
    return this.values.size;
  }

  private byKey<T>(key: string, value: T): T {
    const known = this.values.get(key);
    if (known !== undefined || this.values.has(key)) {
      this.values.delete(key);
      this.values.set(key, known);
      return known as T;
    }
    this.values.set(key, value);
    if (this.values.size > this.max) {
      const oldest = this.values.keys().next();
      if (!oldest.done) this.values.delete(oldest.value);
    }
    return value;
  }
}

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
