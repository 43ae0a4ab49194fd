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
