/**
 * Fans the hub's changes out to every stream client, coalesced: each `tick()` (every ~100 ms)
 * takes what changed since the previous tick and sends one `delta` naming the changed uids. The
 * frame is serialised once and the same string goes to every list client; a client following one
 * pod gets that frame with the pod's detail, built once per pod per tick. Status changes go out as
 * `status`; heartbeats as `: ping` comments.
 */
import 'server-only';
import type { StreamMessageOf } from '../model/stream';
import type { StreamStatus } from '../model/views';
import type { ChangeSet, Hub } from './hub';
import { detailOfEntry, summaryHeadOf } from './hub-views';
import { HttpError } from './http-errors';
import { PING_FRAME, StreamClient, sseFrame, type StreamClientLimits } from './stream-client';

export interface FanoutOptions {
  maxClients: number;
  limits?: StreamClientLimits;
  /** Starts a repeating timer; returns a function stopping it. Injected so tests drive ticks. */
  every?: (ms: number, fn: () => void) => () => void;
  /** How often changes are coalesced into one delta (default 100 ms). */
  tickMs?: number;
  heartbeatMs?: number;
  /** The summary's head rides at most one delta per this many ms (default 1000). */
  summaryEveryMs?: number;
  /** Above this many changed pods in one tick, clients get a `resync` instead (default 5000). */
  maxRowsPerDelta?: number;
}

const DEFAULT_LIMITS: StreamClientLimits = { maxFrames: 256, maxBytes: 2 * 1024 * 1024 };

function sameStatus(a: StreamStatus, b: StreamStatus): boolean {
  return (
    a.state === b.state &&
    ('since' in a ? a.since : 0) === ('since' in b ? b.since : 0) &&
    ('reason' in a ? (a.reason ?? '') : '') === ('reason' in b ? (b.reason ?? '') : '')
  );
}

export class StreamFanout {
  readonly clients = new Set<StreamClient>();
  private nextId = 1;
  private seq = 0;
  private readonly nextSeq = () => ++this.seq;
  private lastStatus?: StreamStatus;
  private summaryPending = false;
  private lastSummaryAt = Number.NEGATIVE_INFINITY;
  private stopTimers?: () => void;

  constructor(
    private readonly hub: Hub,
    private readonly options: FanoutOptions,
  ) {}

  /**
   * Opens a client and queues its `hello`; throws 503 when the client cap is reached. The first
   * client discards changes that piled up while nobody listened: its hello is newer than them.
   */
  connect(podKey?: string): StreamClient {
    if (this.clients.size >= this.options.maxClients) {
      throw new HttpError(503, 'too-many-streams', 'Too many live streams are open; try again later.');
    }
    if (this.clients.size === 0) this.hub.takeChanges();
    const client = new StreamClient(this.nextId++, podKey, this.options.limits ?? DEFAULT_LIMITS, this.nextSeq);
    const summary = summaryHeadOf(this.hub);
    client.push(sseFrame({ type: 'hello', seq: this.nextSeq(), status: summary.status, summary }));
    this.clients.add(client);
    this.startTimers();
    return client;
  }

  /** Idempotent. */
  disconnect(client: StreamClient): void {
    client.close();
    this.clients.delete(client);
    if (this.clients.size === 0) this.stopTimersNow();
  }

  private startTimers(): void {
    const every = this.options.every;
    if (this.stopTimers || !every) return;
    const stopTick = every(this.options.tickMs ?? 100, () => this.tick());
    const stopPing = every(this.options.heartbeatMs ?? 15_000, () => this.heartbeat());
    this.stopTimers = () => {
      stopTick();
      stopPing();
    };
  }

  private stopTimersNow(): void {
    this.stopTimers?.();
    this.stopTimers = undefined;
  }

  /** Sends a `: ping` to every client. */
  heartbeat(): void {
    for (const client of this.clients) client.push(PING_FRAME);
  }

  private broadcast(frame: string): void {
    for (const client of this.clients) client.push(frame);
  }

  /** One coalescing step: status change, then one delta when something changed. */
  tick(): void {
    const changes = this.hub.takeChanges();
    const now = this.hub.options.now();
    const status = this.hub.status.current(now);
    if (this.lastStatus === undefined || !sameStatus(this.lastStatus, status)) {
      if (this.lastStatus !== undefined) this.broadcast(sseFrame({ type: 'status', seq: this.nextSeq(), status }));
      this.lastStatus = status;
    }
    if (changes.summaryChanged) this.summaryPending = true;
    const withSummary = this.summaryPending && now - this.lastSummaryAt >= (this.options.summaryEveryMs ?? 1000);
    const toEveryone = withSummary || changes.upserts.length > 0 || changes.removes.length > 0;
    if (!toEveryone && !this.anyFollowedPodChanged(changes)) return;
    if (changes.upserts.length + changes.removes.length > (this.options.maxRowsPerDelta ?? 5000)) {
      this.broadcast(sseFrame({ type: 'resync', seq: this.nextSeq(), reason: 'Too many pods changed at once (a relist?); refetch.' }));
      return;
    }
    const summary = withSummary ? summaryHeadOf(this.hub) : undefined;
    if (withSummary) {
      this.summaryPending = false;
      this.lastSummaryAt = now;
    }
    const delta: StreamMessageOf<'delta'> = {
      type: 'delta',
      seq: this.nextSeq(),
      ...(summary ? { summary } : {}),
      changed: changes.upserts.map((row) => row.uid),
      removed: changes.removes,
      listChanged: changes.added.size > 0 || changes.removes.length > 0,
    };
    const frame = sseFrame(delta);
    // A pod follower's frame is the shared one with `"pod":…,` spliced in after the sequence number.
    const cut = frame.indexOf(',"', frame.indexOf('"seq":')) + 1;
    const forPod = new Map<string, string>();
    for (const client of this.clients) {
      if (client.podKey === undefined) {
        if (toEveryone) client.push(frame);
        continue;
      }
      let own = forPod.get(client.podKey);
      if (own === undefined) {
        const pod = this.podJson(client.podKey, changes.changed);
        own = pod !== undefined ? `${frame.slice(0, cut)}"pod":${pod},${frame.slice(cut)}` : toEveryone ? frame : '';
        forPod.set(client.podKey, own);
      }
      if (own !== '') client.push(own);
    }
  }

  /** True when a followed pod was derived again without its row changing (new metrics samples). */
  private anyFollowedPodChanged(changes: ChangeSet): boolean {
    if (changes.changed.size === 0) return false;
    for (const client of this.clients) {
      const uid = client.podKey === undefined ? undefined : this.hub.livePod(client.podKey)?.uid;
      if (uid !== undefined && changes.changed.has(uid)) return true;
    }
    return false;
  }

  private podJson(key: string, changed: Set<string>): string | undefined {
    const live = this.hub.livePod(key);
    const detail = live === undefined || !changed.has(live.uid) ? undefined : detailOfEntry(this.hub, live);
    return detail === undefined ? undefined : JSON.stringify(detail);
  }

  /** Stops timers and closes every client (process shutdown, tests). */
  close(): void {
    for (const client of [...this.clients]) this.disconnect(client);
    this.stopTimersNow();
  }
}
