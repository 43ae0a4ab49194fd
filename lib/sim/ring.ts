/** A fixed-capacity ring buffer: the newest `capacity` items, oldest first. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const cap = this.items.length;
    this.items[(this.start + this.count) % cap] = item;
    if (this.count < cap) this.count++;
    else this.start = (this.start + 1) % cap;
  }

  oldest(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.start];
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }

  /** Items for which `keep` holds, oldest first. */
  filter(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    const cap = this.items.length;
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.start + i) % cap] as T;
      if (keep(item)) out.push(item);
    }
    return out;
  }
}
