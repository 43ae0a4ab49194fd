/**
 * Folds the states of every list/watch loop into one {@link StreamStatus}: `connecting` before the
 * first list, `forbidden` when RBAC denies a loop or the access review finds a pods list/watch
 * grant missing, `reconnecting` while a loop retries, `stale` once it has been failing for longer
 * than `staleAfterMs` (the UI says "stale since …" and keeps showing the last known state), else
 * `connected`, with a `reason` when degraded (a watch that delivers nothing, a missing events or
 * metrics grant, an optional loop denied).
 */
import 'server-only';
import type { LoopStatus } from '../k8s/list-watch';
import type { StreamStatus } from '../model/views';

interface Tracked {
  status: LoopStatus;
  since: number;
}

/** A permission the access review found missing: one sentence, and whether pods cannot be shown. */
export interface MissingPermission {
  reason: string;
  blocking: boolean;
}

export class StatusTracker {
  private readonly loops = new Map<string, Tracked>();
  private readonly listed = new Set<string>();
  /** Loops started and expected to report (one per allowed namespace): see {@link expect}. */
  private readonly expected = new Set<string>();
  private connectedSince?: number;
  private missing: { list: MissingPermission[]; since: number } = { list: [], since: 0 };
  private readonly notes = new Map<string, string>();

  constructor(private readonly staleAfterMs = 15_000) {}

  /** Records a loop's status; `key` is `resource:scope`. Repeated states keep their `since`. */
  set(key: string, status: LoopStatus, now: number): void {
    const prev = this.loops.get(key);
    const same = prev !== undefined && prev.status.state === status.state;
    this.loops.set(key, { status, since: same ? prev.since : now });
    if (status.state === 'connected') this.listed.add(key);
    if (this.isAllConnected()) this.connectedSince ??= now;
    else this.connectedSince = undefined;
  }

  /**
   * The loops about to start (`resource:scope`). Until each has reported, the status is not
   * `connected`; until every pods loop among them has listed (or been denied), the pods are not
   * synced: with an allow-list, one namespace listed is not the first full sync.
   */
  expect(keys: Iterable<string>): void {
    for (const key of keys) this.expected.add(key);
  }

  /** Stops counting a loop (an optional one denied by RBAC): its last retry no longer says "reconnecting". */
  forget(key: string, now: number): void {
    const wasExpected = this.expected.delete(key);
    if (!this.loops.delete(key) && !wasExpected) return;
    if (this.isAllConnected()) this.connectedSince ??= now;
  }

  /** Records the latest access review (blocking grants first); an unchanged list keeps its `since`. */
  setMissing(list: readonly MissingPermission[], now: number): void {
    const sorted = [...list].sort((a, b) => Number(b.blocking) - Number(a.blocking));
    if (JSON.stringify(sorted) !== JSON.stringify(this.missing.list)) this.missing = { list: sorted, since: now };
  }

  /** Every sentence of the latest access review. */
  missingPermissions(): string[] {
    return this.missing.list.map((m) => m.reason);
  }

  /** A degradation that does not stop pods (e.g. the events loop denied); `undefined` clears it. */
  setNote(key: string, reason: string | undefined): void {
    if (reason === undefined) this.notes.delete(key);
    else this.notes.set(key, reason);
  }

  /**
   * True once the first full sync is done: a pods list has completed, and every expected pods loop
   * has listed or been denied (a namespace of the allow-list without its Role must not keep the
   * others' pods from being served; the status says which is denied).
   */
  hasSynced(): boolean {
    for (const key of this.expected) {
      if (key.startsWith('pods:') && !this.listed.has(key) && this.loops.get(key)?.status.state !== 'forbidden') return false;
    }
    for (const key of this.listed) if (key.startsWith('pods:')) return true;
    return false;
  }

  private isAllConnected(): boolean {
    for (const key of this.expected) if (!this.loops.has(key)) return false;
    for (const t of this.loops.values()) if (t.status.state !== 'connected') return false;
    return this.loops.size > 0;
  }

  private worst(state: 'forbidden' | 'reconnecting'): Tracked | undefined {
    let found: Tracked | undefined;
    for (const t of this.loops.values()) {
      if (t.status.state === state && (found === undefined || t.since < found.since)) found = t;
    }
    return found;
  }

  private degradation(): string | undefined {
    const warnings = [...this.loops.values()].flatMap((t) => (t.status.state === 'connected' && t.status.warning ? [t.status.warning] : []));
    const reasons = [...new Set([...warnings, ...this.missing.list.map((m) => m.reason), ...this.notes.values()])];
    const [first] = reasons;
    if (first === undefined) return undefined;
    return reasons.length > 1 ? `${first} (and ${reasons.length - 1} more)` : first;
  }

  /** The status to show now. */
  current(now: number): StreamStatus {
    const forbidden = this.worst('forbidden');
    if (forbidden && forbidden.status.state === 'forbidden') return { state: 'forbidden', since: forbidden.since, reason: forbidden.status.reason };
    const blocking = this.missing.list.find((m) => m.blocking);
    if (blocking) return { state: 'forbidden', since: this.missing.since, reason: blocking.reason };
    const failing = this.worst('reconnecting');
    if (failing && failing.status.state === 'reconnecting') {
      const state = now - failing.since >= this.staleAfterMs ? 'stale' : 'reconnecting';
      return { state, since: failing.since, reason: failing.status.reason };
    }
    if (this.connectedSince !== undefined) {
      const reason = this.degradation();
      return reason === undefined ? { state: 'connected', since: this.connectedSince } : { state: 'connected', since: this.connectedSince, reason };
    }
    return { state: 'connecting' };
  }
}
