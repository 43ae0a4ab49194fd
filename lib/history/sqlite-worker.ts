/**
 * The history store's own thread (see ./sqlite-worker-store.ts): it opens the SQLite file (the
 * exclusive lock, migrations and the bad-day handling of ./open-sqlite.ts happen here), then runs
 * every call the main thread posts, in order, on its one connection. A call marked `sync` is
 * answered on the sync port and signalled through the shared flag, for the caller blocked in
 * `Atomics.wait` (the open, the last batch at shutdown, the close).
 *
 * Nothing here imports `server-only`: this module runs outside Next's server layer.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SqliteHistoryStore } from './sqlite-store';

/**
 * The writer's nice value. History is background work: when the cores are short, the main thread
 * (requests, the stream, the watch) and the SRE's browser on the same machine should win them, and
 * the writer catch up after (its buffer is bounded, see ./recorder.ts). On Linux a thread's nice
 * value is its own (NPTL), so `setPriority(0, …)` from this thread lowers this thread only.
 * Nice 5 is about a third of a nice-0 thread's share of a contended core, not a starvation: within
 * a container's CPU quota, the writer still gets that share while the server is busy.
 */
export const WRITER_NICE = 5;

export interface WorkerInit {
  cluster: string;
  dir: string;
  setting?: string;
  flag: SharedArrayBuffer;
  syncPort: MessagePort;
  /** Test seams (`hold`, `release`, `crash`) are answered only when set. */
  seams?: boolean;
}

export interface WorkerCall {
  id: number;
  op: string;
  args: unknown[];
  sync?: boolean;
}

export interface WorkerReply {
  id: number;
  value?: unknown;
  error?: SerializedError;
  /** Milliseconds the call ran in the worker. */
  ms?: number;
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  errcode?: number;
}

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (typeof code === 'string') out.code = code;
  if (typeof errcode === 'number') out.errcode = errcode;
  return out;
}

const init = workerData as WorkerInit;
const port = parentPort;
try {
  setPriority(0, WRITER_NICE);
} catch (error) {
  // A platform that refuses (or a thread already nicer): history still works, at the default share.
  port?.postMessage({ log: `history: the writer thread keeps its priority (${error instanceof Error ? error.message : String(error)})` });
}
const flag = new Int32Array(init.flag);
// Loaded: the caller waiting for the open now knows the module graph is in (a worker that cannot load fails that wait fast).
Atomics.store(flag, 1, 1);
Atomics.notify(flag, 1);
let store: SqliteHistoryStore | undefined;

function open(): SqliteHistoryStore {
  store = new SqliteHistoryStore(init.cluster, { dir: init.dir, setting: init.setting, log: (line) => port?.postMessage({ log: line }) });
  return store;
}
let held: WorkerCall[] | undefined;

function reply(call: WorkerCall, message: WorkerReply): void {
  if (call.sync) {
    init.syncPort.postMessage(message);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  } else port?.postMessage(message);
}

function run(call: WorkerCall): void {
  const started = performance.now();
  try {
    let value: unknown;
    if (call.op === 'open') {
      open();
      value = true;
    } else if (call.op === 'close') {
      void store?.close();
      store = undefined;
    } else {
      // Not open (a worker started again after a crash found the file still locked, say): every call tries again, so the
      // recorder's retries reopen it.
      const s = store ?? open();
      if (call.op === 'write' || call.op === 'writeSync') s.writeSync(call.args[0] as Parameters<SqliteHistoryStore['writeSync']>[0]);
      else if (call.op === 'capBytes') s.capBytes(call.args[0] as number | undefined);
      else {
        // Every read and housekeeping call of HistoryStore is synchronous underneath: its promise is already settled.
        const method = (s as unknown as Record<string, (...args: unknown[]) => unknown>)[call.op];
        if (typeof method !== 'function') throw new Error(`unknown history call ${call.op}`);
        const result = method.apply(s, call.args);
        if (result instanceof Promise) {
          result.then(
            (v: unknown) => reply(call, { id: call.id, value: v, ms: performance.now() - started }),
            (e: unknown) => reply(call, { id: call.id, error: serialize(e), ms: performance.now() - started }),
          );
          return;
        }
        value = result;
      }
    }
    reply(call, { id: call.id, value, ms: performance.now() - started });
  } catch (error) {
    reply(call, { id: call.id, error: serialize(error), ms: performance.now() - started });
  }
}

port?.on('message', (call: WorkerCall) => {
  if (init.seams && call.op === 'hold') {
    held = [];
    return;
  }
  if (init.seams && call.op === 'release') {
    const waiting = held ?? [];
    held = undefined;
    for (const c of waiting) run(c);
    return;
  }
  if (init.seams && call.op === 'crash') throw new Error('history writer crashed (test)');
  // A held worker is a slow disk: calls wait, in order; a synchronous one would block the caller, so it is run.
  if (held && !call.sync) held.push(call);
  else run(call);
});
