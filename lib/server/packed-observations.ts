/**
 * A pod's observations (`PodObservations`) as the hub keeps them. As objects, each observed
 * transition cost an object, a boxed time and often a string of its own (`startedAt=<ms>`), each
 * termination an object and up to four boxed numbers: about 840 B a pod after ten minutes of
 * churn (six updates a pod), the largest part of a hub entry. Packed, a pod keeps its numbers in
 * one array (V8 keeps them unboxed) and its texts in another, each text shared between pods (the
 * container names come shared from the digest; reasons, details and condition keys through the
 * interner); `unpack` rebuilds equal observations, field for field and in the same key order.
 *
 * Numbers: per transition `code, at, slot` (code = kind × 4 + 2 × startedAt-in-slot + untimed;
 * slot: the snapshot number of an untimed transition, or the time of a `startedAt=<ms>` detail,
 * NaN when neither), then per termination `attempt, exitCode, startedAt, finishedAt, observedAt`
 * (NaN: absent). Texts: per transition `container, detail`, then per termination `container,
 * reason` (undefined: absent).
 */
import 'server-only';
import type { DeletionRequest, ObservedTransition, ObservedTransitionKind, PodObservations, TerminationRecord } from '../model/types';

/** Shares equal texts between pods (the hub's interner). */
export interface TextSharing {
  text(text: string): string;
}

const KINDS: readonly ObservedTransitionKind[] = [
  'created',
  'scheduled',
  'running',
  'started',
  'unstarted',
  'ready',
  'unready',
  'waiting',
  'terminated',
  'restarted',
  'phase',
  'condition',
  'deleting',
  'deleted',
];
const KIND_CODE: ReadonlyMap<string, number> = new Map(KINDS.map((kind, i) => [kind, i]));

const UNTIMED = 1;
const STARTED_AT = 2;
const STARTED_AT_PREFIX = 'startedAt=';
const T_NUMBERS = 3;
const T_TEXTS = 2;
const R_NUMBERS = 5;
const R_TEXTS = 2;

const NONE: readonly never[] = Object.freeze([]);

const numberOr = (value: number | undefined): number => (value === undefined ? Number.NaN : value);
const present = (value: number | undefined): value is number => value !== undefined && !Number.isNaN(value);

/** The time in a `startedAt=<ms>` detail, when the text is exactly what that time prints as. */
function startedAtIn(detail: string | undefined): number | undefined {
  if (detail === undefined || !detail.startsWith(STARTED_AT_PREFIX)) return undefined;
  const value = Number(detail.slice(STARTED_AT_PREFIX.length));
  return Number.isFinite(value) && `${STARTED_AT_PREFIX}${value}` === detail ? value : undefined;
}

export class PackedObservations {
  private constructor(
    private readonly transitionCount: number,
    private readonly numbers: readonly number[],
    private readonly texts: readonly (string | undefined)[],
    private readonly snapshots: number | undefined,
    private readonly firstSeenAt: number | undefined,
    private readonly lastSeenAt: number | undefined,
    private readonly firstDeletion: DeletionRequest | undefined,
    /** Observations it cannot pack (a transition kind it does not know, e.g. read from a newer version's history), kept as given. */
    private readonly unpackable?: PodObservations,
  ) {}

  /**
   * `observations` packed; texts are shared through `shared`, or taken from `previous` (this pod's
   * last packed observations) where equal, which spares the lookup for what was already there.
   */
  static of(observations: PodObservations, shared: TextSharing, previous?: PackedObservations): PackedObservations {
    const { transitions, terminations } = observations;
    if (transitions.some((transition) => !KIND_CODE.has(transition.kind))) {
      return new PackedObservations(0, NONE, NONE, undefined, undefined, undefined, undefined, observations);
    }
    const size = transitions.length * T_NUMBERS + terminations.length * R_NUMBERS;
    const count = transitions.length * T_TEXTS + terminations.length * R_TEXTS;
    // Exactly sized and filled in place: V8 keeps the doubles unboxed and adds no spare capacity.
    const numbers = size === 0 ? NONE : new Array<number>(size);
    const texts = count === 0 ? NONE : new Array<string | undefined>(count);
    const before = previous?.texts;
    const share = (text: string | undefined, at: number): string | undefined =>
      text === undefined ? undefined : before !== undefined && before[at] === text ? before[at] : shared.text(text);
    let n = 0;
    let t = 0;
    for (const transition of transitions) {
      const startedAt = transition.snapshot === undefined ? startedAtIn(transition.detail) : undefined;
      const kind = KIND_CODE.get(transition.kind) ?? 0;
      (numbers as number[])[n] = kind * 4 + (startedAt === undefined ? 0 : STARTED_AT) + (transition.untimed ? UNTIMED : 0);
      (numbers as number[])[n + 1] = transition.at;
      (numbers as number[])[n + 2] = startedAt ?? numberOr(transition.snapshot);
      (texts as (string | undefined)[])[t] = share(transition.container, t);
      (texts as (string | undefined)[])[t + 1] = startedAt === undefined ? share(transition.detail, t + 1) : undefined;
      n += T_NUMBERS;
      t += T_TEXTS;
    }
    for (const record of terminations) {
      (numbers as number[])[n] = record.attempt;
      (numbers as number[])[n + 1] = numberOr(record.exitCode);
      (numbers as number[])[n + 2] = numberOr(record.startedAt);
      (numbers as number[])[n + 3] = numberOr(record.finishedAt);
      (numbers as number[])[n + 4] = numberOr(record.observedAt);
      (texts as (string | undefined)[])[t] = share(record.container, t);
      (texts as (string | undefined)[])[t + 1] = share(record.reason, t + 1);
      n += R_NUMBERS;
      t += R_TEXTS;
    }
    return new PackedObservations(
      transitions.length,
      numbers,
      texts,
      observations.snapshots,
      observations.firstSeenAt,
      observations.lastSeenAt,
      observations.firstDeletion,
    );
  }

  /** How many transitions are kept (without unpacking them). */
  get transitionsKept(): number {
    return this.unpackable?.transitions.length ?? this.transitionCount;
  }

  /** How many terminations are kept (without unpacking them). */
  get terminationsKept(): number {
    return this.unpackable?.terminations.length ?? (this.numbers.length - this.transitionCount * T_NUMBERS) / R_NUMBERS;
  }

  /** Whether a first deletion request was seen (without unpacking). */
  get hasFirstDeletion(): boolean {
    return (this.unpackable ? this.unpackable.firstDeletion : this.firstDeletion) !== undefined;
  }

  /** Equal observations as objects, built afresh (but those kept as given): read them once per use. */
  unpack(): PodObservations {
    if (this.unpackable) return this.unpackable;
    const observations: PodObservations = { transitions: this.transitionsOf(), terminations: this.terminationsOf() };
    if (this.snapshots !== undefined) observations.snapshots = this.snapshots;
    if (this.firstDeletion !== undefined) observations.firstDeletion = this.firstDeletion;
    if (this.firstSeenAt !== undefined) observations.firstSeenAt = this.firstSeenAt;
    if (this.lastSeenAt !== undefined) observations.lastSeenAt = this.lastSeenAt;
    return observations;
  }

  /** The observations as JSON would write them (`JSON.stringify` of a packed form writes the unpacked one). */
  toJSON(): PodObservations {
    return this.unpack();
  }

  private transitionsOf(): ObservedTransition[] {
    const { numbers, texts } = this;
    const transitions = new Array<ObservedTransition>(this.transitionCount);
    for (let i = 0; i < this.transitionCount; i += 1) {
      const code = numbers[i * T_NUMBERS] ?? 0;
      const at = numbers[i * T_NUMBERS + 1] ?? 0;
      const slot = numbers[i * T_NUMBERS + 2];
      const container = texts[i * T_TEXTS];
      const hasStartedAt = (code & STARTED_AT) !== 0;
      const detail = hasStartedAt ? `${STARTED_AT_PREFIX}${slot}` : texts[i * T_TEXTS + 1];
      const transition: ObservedTransition = { kind: KINDS[code >> 2] ?? 'created' } as ObservedTransition;
      if (container !== undefined) transition.container = container;
      if (detail !== undefined) transition.detail = detail;
      transition.at = at;
      if ((code & UNTIMED) !== 0) transition.untimed = true;
      if (!hasStartedAt && present(slot)) transition.snapshot = slot;
      transitions[i] = transition;
    }
    return transitions;
  }

  private terminationsOf(): TerminationRecord[] {
    const { numbers, texts } = this;
    const count = this.terminationsKept;
    const records = new Array<TerminationRecord>(count);
    for (let i = 0; i < count; i += 1) {
      const n = this.transitionCount * T_NUMBERS + i * R_NUMBERS;
      const t = this.transitionCount * T_TEXTS + i * R_TEXTS;
      const record: TerminationRecord = { container: texts[t] ?? '', attempt: numbers[n] ?? 0 };
      const reason = texts[t + 1];
      if (reason !== undefined) record.reason = reason;
      const [exitCode, startedAt, finishedAt, observedAt] = [numbers[n + 1], numbers[n + 2], numbers[n + 3], numbers[n + 4]];
      if (present(exitCode)) record.exitCode = exitCode;
      if (present(startedAt)) record.startedAt = startedAt;
      if (present(finishedAt)) record.finishedAt = finishedAt;
      if (present(observedAt)) record.observedAt = observedAt;
      records[i] = record;
    }
    return records;
  }
}
