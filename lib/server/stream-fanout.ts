/**
 * Fans the hub's changes out to every stream client, coalesced: each `tick()` (every ~100 ms)
 * takes what changed since the previous tick and sends one `delta` per client, serialising the
 * shared part once. Status changes go out as `status`; heartbeats as `: ping` comments.
 */
import 'server-only';
import type { StreamMessageOf } from '../model/stream';
import type { PodDetail, StreamStatus } from '../model/views';
import type { Hub } from './hub';
import { detailOfEntry, summaryOf } from './hub-views';
import { HttpError } from './http-errors';
import { PING_FRAME, StreamClient, sseFrame, type StreamClientLimits } from './stream-client';

export interface FanoutOptions {
  maxClients: number;
  limits?: StreamClientLimits;
  /** Starts a repeating timer; returns a function stopping it. Injected so tests drive ticks. */
  every?: (ms: number, fn: () => void) => () => void;
  /** How often changes are coalesced into one delta per client (default 100 ms). */
  tickMs?: number;
  heartbeatMs?: number;
  /** The summary rides at most one delta per this many ms (default 1000); rows go every tick. */
  summaryEveryMs?: number;
  /** Above this many changed rows in one tick, clients get a `resync` instead (default 5000). */
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
    const client = new StreamClient(this.nextId++, podKey, this.options.limits ?? DEFAULT_LIMITS);
    const summary = summaryOf(this.hub);
    client.push(sseFrame({ type: 'hello', seq: client.nextSeq(), status: summary.status, summary }));
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

  /** One coalescing step: status change, then one delta per client when something changed. */
  tick(): void {
    const changes = this.hub.takeChanges();
    const now = this.hub.options.now();
    const status = this.hub.status.current(now);
    if (this.lastStatus === undefined || !sameStatus(this.lastStatus, status)) {
      if (this.lastStatus !== undefined) for (const c of this.clients) c.push(sseFrame({ type: 'status', seq: c.nextSeq(), status }));
      this.lastStatus = status;
    }
    if (changes.summaryChanged) this.summaryPending = true;
    const withSummary = this.summaryPending && now - this.lastSummaryAt >= (this.options.summaryEveryMs ?? 1000);
    if (changes.upserts.length === 0 && changes.removes.length === 0 && !withSummary) return;
    if (changes.upserts.length + changes.removes.length > (this.options.maxRowsPerDelta ?? 5000)) {
      for (const c of this.clients) c.push(sseFrame({ type: 'resync', seq: c.nextSeq(), reason: 'Too many pods changed at once (a relist?); refetch.' }));
      return;
    }
    const summary = withSummary ? summaryOf(this.hub) : undefined;
    if (withSummary) {
      this.summaryPending = false;
      this.lastSummaryAt = now;
    }
    // One delta per client is `{"type","seq",["pod",]` + this shared tail, serialised once.
    const sharedPart: Pick<StreamMessageOf<'delta'>, 'summary' | 'upserts' | 'removes'> = { summary, upserts: changes.upserts, removes: changes.removes };
    const shared = JSON.stringify(sharedPart).slice(1);
    const pods = new Map<string, string | undefined>();
    for (const client of this.clients) {
      const pod = client.podKey === undefined ? undefined : this.podJson(client.podKey, changes.changed, pods);
      const head = `{"type":"delta","seq":${client.nextSeq()},${pod === undefined ? '' : `"pod":${pod},`}`;
      client.push(`data: ${head}${shared}\n\n`);
    }
  }

  private podJson(key: string, changed: Set<string>, cache: Map<string, string | undefined>): string | undefined {
    if (cache.has(key)) return cache.get(key);
    const live = this.hub.livePod(key);
    const entry = live === undefined || !changed.has(live.uid) ? undefined : live;
    const detail: PodDetail | undefined = entry ? detailOfEntry(this.hub, entry) : undefined;
    const json = detail === undefined ? undefined : JSON.stringify(detail);
    cache.set(key, json);
    return json;
  }

  /** Stops timers and closes every client (process shutdown, tests). */
  close(): void {
    for (const client of [...this.clients]) this.disconnect(client);
    this.stopTimersNow();
  }
}
