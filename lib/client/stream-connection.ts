/**
 * One EventSource on the dashboard's stream, without React: parses each message, folds them into
 * a batch, hands the batch over at most every `flushMs`, and reports the link going up or down.
 * The EventSource, timers and clock are parameters, so it is tested without a browser.
 */
import { parseStreamMessage } from '@/lib/model/stream';
import type { LiveEvent } from './live-status';
import { EMPTY_BATCH, foldMessage, isEmptyBatch, type StreamBatch } from './stream-batch';

/** The part of `EventSource` used here. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StreamConnectionOptions {
  url: string;
  flushMs: number;
  onBatch: (batch: StreamBatch) => void;
  onLive: (event: LiveEvent) => void;
  createSource: (url: string) => EventSourceLike;
  timers: Timers;
  now: () => number;
  /** Wait before reopening a stream the browser gave up on (HTTP error, wrong content type). */
  retryClosedMs?: number;
}

const CLOSED = 2;

/** Opens the stream; returns the function that closes it for good. */
export function openStreamConnection(options: StreamConnectionOptions): () => void {
  const { timers, now } = options;
  let batch = EMPTY_BATCH;
  let hasHello = false;
  let source: EventSourceLike | undefined;
  let retry: unknown;
  let lastMessageAt: number | undefined;

  const flush = timers.setInterval(() => {
    if (isEmptyBatch(batch)) return;
    const current = batch;
    batch = EMPTY_BATCH;
    lastMessageAt = now();
    options.onBatch(current);
    options.onLive({ type: 'batch', at: lastMessageAt, status: current.status });
  }, options.flushMs);

  const open = () => {
    const opened = options.createSource(options.url);
    source = opened;
    opened.onopen = () => options.onLive({ type: 'open' });
    opened.onmessage = (event) => {
      const message = parseStreamMessage(event.data);
      if (!message) return;
      batch = foldMessage(batch, message);
      // A second hello means the browser reconnected: whatever happened in between was missed.
      if (message.type === 'hello') {
        if (hasHello) batch = { ...batch, resync: true };
        hasHello = true;
      }
    };
    opened.onerror = () => {
      options.onLive({ type: 'error', at: now(), lastMessageAt });
      if (opened.readyState === CLOSED) {
        opened.close();
        retry = timers.setTimeout(open, options.retryClosedMs ?? 5_000);
      }
    };
  };
  open();

  return () => {
    timers.clearInterval(flush);
    timers.clearTimeout(retry);
    source?.close();
  };
}
