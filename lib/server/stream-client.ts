/**
 * One browser on the live stream: a bounded queue of ready-to-send SSE frames. When a slow client
 * lets the queue overflow, the queue is dropped and replaced by a single `resync` frame (the
 * client refetches), so a slow browser costs at most `maxBytes` of server memory.
 */
import 'server-only';
import type { StreamMessage } from '../model/stream';

export interface StreamClientLimits {
  maxFrames: number;
  maxBytes: number;
}

export class StreamClient {
  private readonly frames: string[] = [];
  private bytes = 0;
  private waiter?: (frame: string | undefined) => void;
  closed = false;
  /** How many times this client overflowed. */
  overflows = 0;

  constructor(
    readonly id: number,
    /** `namespace/name` of the pod whose detail this client follows. */
    readonly podKey: string | undefined,
    private readonly limits: StreamClientLimits,
    /** The next sequence number: shared by the fan-out, so one frame can go to many clients. */
    readonly nextSeq: () => number = counter(),
  ) {}

  /** Queues a frame, or wakes a waiting reader with it. */
  push(frame: string): void {
    if (this.closed) return;
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = undefined;
      wake(frame);
      return;
    }
    if (this.frames.length + 1 > this.limits.maxFrames || this.bytes + frame.length > this.limits.maxBytes) {
      this.overflows += 1;
      this.frames.length = 0;
      this.bytes = 0;
      const resync = sseFrame({ type: 'resync', seq: this.nextSeq(), reason: 'The stream fell behind; refetch and carry on.' });
      this.frames.push(resync);
      this.bytes = resync.length;
      return;
    }
    this.frames.push(frame);
    this.bytes += frame.length;
  }

  /** Frames waiting to be sent (for tests and metrics). */
  queued(): { frames: number; bytes: number } {
    return { frames: this.frames.length, bytes: this.bytes };
  }

  /** The next frame, waiting for one if needed; undefined once closed. */
  next(): Promise<string | undefined> {
    const frame = this.frames.shift();
    if (frame !== undefined) {
      this.bytes -= frame.length;
      return Promise.resolve(frame);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Idempotent: wakes a waiting reader with `undefined`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.frames.length = 0;
    this.bytes = 0;
    const wake = this.waiter;
    this.waiter = undefined;
    wake?.(undefined);
  }
}

function counter(): () => number {
  let seq = 0;
  return () => ++seq;
}

/** A `data:` frame of one JSON message. */
export function sseFrame(message: StreamMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}

/** A comment frame keeping proxies from closing an idle stream. */
export const PING_FRAME = ': ping\n\n';
