/**
 * Folds the states of every list/watch loop into one {@link StreamStatus}: `connecting` before the
 * first list, `forbidden` when RBAC denies a loop, `reconnecting` while a loop retries, `stale`
 * once it has been failing for longer than `staleAfterMs` (the UI says "stale since …" and keeps
 * showing the last known state), else `connected`.
 */
import 'server-only';
import type { LoopStatus } from '../k8s/list-watch';
import type { StreamStatus } from '../model/views';

interface Tracked {
  status: LoopStatus;
  since: number;
}

export class StatusTracker {
  private readonly loops = new Map<string, Tracked>();
  private readonly listed = new Set<string>();
  private connectedSince?: number;

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

  /** True once a pods list has completed (the first full sync). */
  hasSynced(): boolean {
    for (const key of this.listed) if (key.startsWith('pods:')) return true;
    return false;
  }

  private isAllConnected(): boolean {
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

  /** The status to show now. */
  current(now: number): StreamStatus {
    const forbidden = this.worst('forbidden');
    if (forbidden && forbidden.status.state === 'forbidden') return { state: 'forbidden', since: forbidden.since, reason: forbidden.status.reason };
    const failing = this.worst('reconnecting');
    if (failing && failing.status.state === 'reconnecting') {
      const state = now - failing.since >= this.staleAfterMs ? 'stale' : 'reconnecting';
      return { state, since: failing.since, reason: failing.status.reason };
    }
    if (this.connectedSince !== undefined) return { state: 'connected', since: this.connectedSince };
    return { state: 'connecting' };
  }
}
