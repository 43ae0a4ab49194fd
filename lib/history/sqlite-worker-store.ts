/**
 * {@link HistoryStore} on SQLite with the connection in a worker thread (./sqlite-worker.ts): a
 * write transaction (20,000 sample rows of a metrics poll, a WAL checkpoint) or a retention pass
 * runs there, and the event loop that serves the dashboard only hands the batch over (a structured
 * clone) and later reads the answer.
 *
 * Reads go through the worker too: the exclusive lock that refuses a second process also keeps a
 * second connection of this one out, and the SQL and JSON work of a look-back leave the loop.
 *
 * The open, the last batch at shutdown and the close are synchronous (the caller blocks in
 * `Atomics.wait` until the worker answers), so the errors of opening (read-only directory, another
 * process holding the lock, a newer schema) are thrown by the constructor as before, and the lock is
 * free when `closeSync` returns (a context switch opens the store again at once).
 *
 * A worker that dies (an uncaught error, out of memory) fails the calls in flight and every later
 * one with a `writer-stopped` {@link StoreError}: the recorder pauses history with that reason,
 * the live view goes on. That first failed call starts a new worker; the recorder's retry, after
 * its interval, writes through it (what it kept buffered meanwhile is not lost).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { EventDigest } from '../model/types';
import { StoreError } from './errors';
import type { OpenOptions } from './open-sqlite';
import type { SerializedError, WorkerCall, WorkerInit, WorkerReply } from './sqlite-worker';
import type { FindingSpan, HistoryBatch, HistoryGap, HistoryStore, RetentionPolicy, StoreStats, StoredPod, StoredSample } from './types';

export interface WorkerStoreOptions extends Pick<OpenOptions, 'dir' | 'setting' | 'log'> {
  /** How long a synchronous call (open, the last batch, close) may wait for the worker (default 60 s). */
  syncTimeoutMs?: number;
  /** Test seams: {@link SqliteWorkerStore.hold}, {@link SqliteWorkerStore.release}, {@link SqliteWorkerStore.crash}. */
  seams?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The worker's error as the main thread's: a StoreError keeps its code, a SQLite error its errcode. */
function revive(e: SerializedError): Error {
  if (e.name === 'StoreError' && e.code) return new StoreError(e.code as StoreError['code'], e.message);
  const error = new Error(e.message) as Error & { errcode?: number; code?: string };
  error.name = e.name;
  if (e.errcode !== undefined) error.errcode = e.errcode;
  if (e.code !== undefined) error.code = e.code;
  return error;
}

/**
 * Running from TypeScript sources (tests, the bench), the worker needs tsx to load its module;
 * bundled (Next's server build), it is JavaScript and inherits the process's options.
 */
function execArgv(): string[] | undefined {
  if (!import.meta.url.endsWith('.ts') || process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  return ['--import', 'tsx'];
}

/** How long the worker may take to load its modules before the open is given up (then history runs on the main thread). */
const LOAD_TIMEOUT_MS = 20_000;

export class SqliteWorkerStore implements HistoryStore {
  private worker?: Worker;
  private syncPort?: MessagePort;
  /** [0]: a synchronous answer is waiting on the sync port; [1]: the worker has loaded. */
  private flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped?: StoreError;
  private closed = false;
  /** Milliseconds the last answered call ran in the worker. */
  lastWorkerMs = 0;

  constructor(
    readonly cluster: string,
    private readonly options: WorkerStoreOptions,
  ) {
    this.start();
    try {
      this.callSync('open', []);
    } catch (error) {
      this.terminate();
      throw error;
    }
  }

  private start(): void {
    const channel = new MessageChannel();
    this.flag = new Int32Array(new SharedArrayBuffer(8));
    const init: WorkerInit = {
      cluster: this.cluster,
      dir: this.options.dir,
      ...(this.options.setting === undefined ? {} : { setting: this.options.setting }),
      flag: this.flag.buffer as SharedArrayBuffer,
      syncPort: channel.port2,
      ...(this.options.seams ? { seams: true } : {}),
    };
    const worker = new Worker(new URL('./sqlite-worker.ts', import.meta.url), {
      workerData: init,
      transferList: [channel.port2],
      ...(execArgv() ? { execArgv: execArgv() } : {}),
      name: 'sidecarscope-history',
    });
    // The worker must never keep the process alive on its own (tests, the CLI's one-shot check).
    worker.unref();
    this.worker = worker;
    this.syncPort = channel.port1;
    this.stopped = undefined;
    worker.on('message', (message: WorkerReply | { log: string }) => {
      if ('log' in message) {
        this.options.log?.(message.log);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      // Idle, the worker does not keep the process alive; with calls waiting it does.
      if (this.pending.size === 0) worker.unref();
      if (message.ms !== undefined) this.lastWorkerMs = message.ms;
      if (message.error) waiting.reject(revive(message.error));
      else waiting.resolve(message.value);
    });
    worker.on('error', (error: Error) => this.died(worker, `${error.name}: ${error.message}`));
    worker.on('exit', (code) => this.died(worker, `exit code ${code}`));
  }

  /** The worker is gone: what waited for it fails, and so does what comes until it is started again. */
  private died(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.syncPort?.close();
    this.syncPort = undefined;
    if (this.closed) return;
    this.stopped = new StoreError('writer-stopped', `the history writer thread stopped (${why})`);
    this.options.log?.(`history: ${this.stopped.message}; writes are retried on a new thread`);
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }

  /** Why the worker stopped, while it is stopped. */
  get stoppedReason(): string | undefined {
    return this.stopped?.message;
  }

  private call<T>(op: string, args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('write-failed', 'the history store is closed'));
    if (!this.worker && this.stopped) {
      // The first call after the worker died fails with the reason (so the recorder pauses and says
      // why) and starts a new worker, which opens the file again for the calls that follow (the
      // recorder's retry, after its interval).
      const stopped = this.stopped;
      this.stopped = undefined;
      this.start();
      void this.call('open', []).catch(() => undefined);
      return Promise.reject(stopped);
    }
    const worker = this.worker;
    if (!worker) return Promise.reject(new StoreError('writer-stopped', 'the history writer thread is not running'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const message: WorkerCall = { id, op, args };
      worker.postMessage(message);
    });
  }

  /** Blocks until the worker answers: for the open, the last batch and the close. */
  private callSync<T>(op: string, args: unknown[]): T {
    const worker = this.worker;
    const port = this.syncPort;
    if (!worker || !port) throw this.stopped ?? new StoreError('writer-stopped', 'the history writer thread is not running');
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    const message: WorkerCall = { id, op, args, sync: true };
    worker.postMessage(message);
    // A worker that cannot load its modules never answers: that is known within the load timeout, not the call's.
    if (Atomics.wait(this.flag, 1, 0, Math.min(LOAD_TIMEOUT_MS, this.options.syncTimeoutMs ?? LOAD_TIMEOUT_MS)) === 'timed-out')
      throw new StoreError('writer-stopped', 'the history writer thread did not start');
    const result = Atomics.wait(this.flag, 0, 0, this.options.syncTimeoutMs ?? 60_000);
    const received = receiveMessageOnPort(port)?.message as WorkerReply | undefined;
    if (!received) {
      throw new StoreError('writer-stopped', `the history writer thread did not answer (${result === 'timed-out' ? 'timed out' : 'no reply'})`);
    }
    if (received.ms !== undefined) this.lastWorkerMs = received.ms;
    if (received.error) throw revive(received.error);
    return received.value as T;
  }

  write(batch: HistoryBatch): Promise<void> {
    return this.call('write', [batch]);
  }

  /** The last batch at shutdown, on disk when this returns. */
  writeSync(batch: HistoryBatch): void {
    this.callSync('writeSync', [batch]);
  }

  /** Test and bad-day seam of {@link SqliteHistoryStore.capBytes}: caps the file, as a full disk would. */
  capBytes(bytes: number | undefined): void {
    this.callSync('capBytes', [bytes]);
  }

  lastHeartbeat(): Promise<number | undefined> {
    return this.call('lastHeartbeat', []);
  }
  openPods(): Promise<StoredPod[]> {
    return this.call('openPods', []);
  }
  podsAt(at: number): Promise<StoredPod[]> {
    return this.call('podsAt', [at]);
  }
  podAt(uid: string, at: number): Promise<StoredPod | undefined> {
    return this.call('podAt', [uid, at]);
  }
  uidOf(namespace: string, name: string, at: number): Promise<string | undefined> {
    return this.call('uidOf', [namespace, name, at]);
  }
  findingsBetween(from: number, to: number, filter?: { namespace?: string; workload?: { kind: string; name: string }; uid?: string }): Promise<FindingSpan[]> {
    return this.call('findingsBetween', filter === undefined ? [from, to] : [from, to, filter]);
  }
  events(namespace: string, podName: string, upTo: number): Promise<EventDigest[]> {
    return this.call('events', [namespace, podName, upTo]);
  }
  samples(uid: string, from: number, to: number): Promise<StoredSample[]> {
    return this.call('samples', [uid, from, to]);
  }
  gaps(from: number, to: number): Promise<HistoryGap[]> {
    return this.call('gaps', [from, to]);
  }
  enforceRetention(now: number, policy: RetentionPolicy): Promise<{ deletedBytes: number }> {
    return this.call('enforceRetention', [now, policy]);
  }
  stats(): Promise<StoreStats> {
    return this.call('stats', []);
  }
  footprint(): Promise<{ bytes: number; oldest?: number }> {
    return this.call('footprint', []);
  }

  /** Closes the file (its lock free when this returns) and ends the worker. */
  closeSync(): void {
    if (this.closed) return;
    try {
      if (this.worker) this.callSync('close', []);
    } finally {
      this.closed = true;
      this.terminate();
    }
  }

  close(): Promise<void> {
    try {
      this.closeSync();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private terminate(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.syncPort?.close();
    this.syncPort = undefined;
    for (const waiting of this.pending.values()) waiting.reject(new StoreError('write-failed', 'the history store is closed'));
    this.pending.clear();
    void worker?.terminate();
  }

  /** Test seam: the worker queues every call until {@link release}, as a disk that stopped answering would. */
  hold(): void {
    if (this.options.seams) this.worker?.postMessage({ id: 0, op: 'hold', args: [] });
  }
  release(): void {
    if (this.options.seams) this.worker?.postMessage({ id: 0, op: 'release', args: [] });
  }
  /** Test seam: the worker throws an uncaught error and dies. */
  crash(): void {
    if (this.options.seams) this.worker?.postMessage({ id: 0, op: 'crash', args: [] });
  }
}
