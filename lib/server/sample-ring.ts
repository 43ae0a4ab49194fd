/**
 * A pod's metrics samples, packed: one array of numbers (unboxed doubles to V8) and the list of
 * container names its columns stand for (shared by the pods of one template). Each sample is
 * `at`, `windowSeconds` (NaN: absent), then CPU millicores and memory bytes for each name (NaN:
 * that container was not in the sample).
 *
 * As objects, a sample of a two-container pod cost about 240 B of heap (the sample, its
 * `containers` record, one object per container, boxed numbers); packed it is 48 B. The hub keeps
 * up to `metricsMaxSamples` of them (250,000 by default), so this is most of the metrics ring's
 * memory. Samples are rebuilt as objects on read (a derivation, the pod page), which the young
 * generation collects cheaply.
 */
import type { MetricsSample } from '../model/types';

/** Shares equal name lists between pods (the hub's interner); absent, each ring keeps its own. */
export interface NameSharing {
  value<T>(value: T): T;
}

export class SampleRing {
  private constructor(
    private readonly names: readonly string[],
    /** `count × (2 + 2 × names.length)` numbers, oldest sample first. */
    private readonly values: readonly number[],
  ) {}

  static readonly EMPTY = new SampleRing([], []);

  /** A ring holding `samples` (in time order), e.g. read back from the history store. */
  static of(samples: readonly MetricsSample[], shared?: NameSharing): SampleRing {
    let ring = SampleRing.EMPTY;
    for (const sample of samples) ring = ring.with(sample, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, shared) ?? ring;
    return ring;
  }

  private get stride(): number {
    return 2 + 2 * this.names.length;
  }

  get length(): number {
    return this.values.length / this.stride;
  }

  /** When the newest sample was taken (undefined: none). */
  get lastAt(): number | undefined {
    return this.length === 0 ? undefined : this.values[this.values.length - this.stride];
  }

  /**
   * The ring with `sample` appended, without the samples older than `historyMs` before it and
   * the oldest beyond `max`; undefined when `sample` is not newer than the newest kept.
   */
  with(sample: MetricsSample, historyMs: number, max: number, shared?: NameSharing): SampleRing | undefined {
    const last = this.lastAt;
    if (last !== undefined && last >= sample.at) return undefined;
    const added = Object.keys(sample.containers).filter((name) => name !== '__proto__' && !this.names.includes(name));
    const names = added.length === 0 ? this.names : (shared?.value([...this.names, ...added]) ?? [...this.names, ...added]);
    const stride = 2 + 2 * names.length;
    const cutoff = sample.at - historyMs;
    let first = 0;
    const count = this.length;
    while (first < count && (this.values[first * this.stride] ?? 0) < cutoff) first += 1;
    first = Math.max(first, count + 1 - max);
    const kept = Math.max(0, count - first);
    // Exactly sized, filled in place: V8 keeps the doubles unboxed and adds no spare capacity.
    const values = new Array<number>((kept + 1) * stride);
    for (let i = 0; i < kept; i += 1) {
      const from = (first + i) * this.stride;
      const to = i * stride;
      for (let c = 0; c < this.stride; c += 1) values[to + c] = this.values[from + c] ?? Number.NaN;
      for (let c = this.stride; c < stride; c += 1) values[to + c] = Number.NaN;
    }
    const at = kept * stride;
    values[at] = sample.at;
    values[at + 1] = sample.windowSeconds ?? Number.NaN;
    for (let n = 0; n < names.length; n += 1) {
      const usage = sample.containers[names[n] ?? ''];
      values[at + 2 + 2 * n] = usage ? usage.cpuMilli : Number.NaN;
      values[at + 3 + 2 * n] = usage ? usage.memoryBytes : Number.NaN;
    }
    return new SampleRing(names, values);
  }

  /** The samples as objects, oldest first (built afresh on each call). */
  toArray(): MetricsSample[] {
    const out: MetricsSample[] = [];
    for (let s = 0; s < this.values.length; s += this.stride) out.push(this.sampleAt(s));
    return out;
  }

  /** The newest sample as an object (undefined: none). */
  latest(): MetricsSample | undefined {
    return this.length === 0 ? undefined : this.sampleAt(this.values.length - this.stride);
  }

  /** The sample whose numbers start at `s`, as an object. */
  private sampleAt(s: number): MetricsSample {
    const containers: MetricsSample['containers'] = {};
    for (let n = 0; n < this.names.length; n += 1) {
      const cpuMilli = this.values[s + 2 + 2 * n] ?? Number.NaN;
      const memoryBytes = this.values[s + 3 + 2 * n] ?? Number.NaN;
      if (!Number.isNaN(cpuMilli) || !Number.isNaN(memoryBytes)) containers[this.names[n] ?? ''] = { cpuMilli, memoryBytes };
    }
    const window = this.values[s + 1] ?? Number.NaN;
    return { at: this.values[s] ?? 0, ...(Number.isNaN(window) ? {} : { windowSeconds: window }), containers };
  }
}
