/**
 * A list-then-watch loop for one API path that does not give up.
 *
 * Why not client-node's `makeInformer`: its `ListWatch` stops for good on any error other than
 * 410 and relies on the caller to restart it, and it hides pagination. This loop lists in pages
 * (`limit`/`continue`), watches from the list's resourceVersion with bookmarks, relists on 410,
 * restarts a watch that went silent, retries everything else with capped, jittered backoff, and
 * reports its state so the hub can say `reconnecting`, `forbidden` or `stale since …`.
 * See the reflector it mirrors:
 * https://github.com/kubernetes/client-go/blob/v0.34.0/tools/cache/reflector.go
 */
import 'server-only';
import { explainForbidden } from './access-review';
import { K8sError, codeForStatus, statusMessageOf, toK8sError } from './errors';
import { backoffDelayMs, type Clock } from './clock';
import type { KubeTransport, Query, WatchEvent } from './transport-types';

/** The state of one loop, reported on every change. */
export type LoopStatus =
  | { state: 'connected' }
  | { state: 'reconnecting'; reason: string; failures: number }
  | { state: 'forbidden'; reason: string };

/** Where the loop delivers what it learns. Objects are raw JSON. */
export interface ListWatchSink {
  /** A full (re)list finished: `items` is everything that exists now on this path. */
  onList(items: unknown[]): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void;
  onStatus(status: LoopStatus): void;
}

export interface ListWatchOptions {
  transport: KubeTransport;
  path: string;
  query?: Query;
  clock: Clock;
  pageSize?: number;
  /** Asks the server to end each watch after about this long (randomised up to 2×, as client-go). */
  watchTimeoutSeconds?: number;
  /** A watch that delivers nothing (not even a bookmark) for this long is restarted. */
  silenceMs?: number;
  /** Called on every abnormal restart: `gone` (410), `silent`, or a {@link K8sError} code. */
  onRestart?: (reason: string) => void;
  /** Called on a 403; return true to stop this loop (a caller takes over, e.g. per namespace). */
  onForbidden?: (error: K8sError) => boolean;
}

interface WatchOutcome {
  resourceVersion: string;
  delivered: boolean;
  error?: K8sError;
}

function resourceVersionOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const rv = (object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function errorOfStatus(object: unknown): K8sError {
  const code = typeof object === 'object' && object !== null ? (object as { code?: unknown }).code : undefined;
  if (code === 410) return new K8sError('gone', 'watch: resourceVersion too old (410)', { status: 410 });
  const status = typeof code === 'number' ? code : 500;
  const apiMessage = statusMessageOf(object);
  return new K8sError(codeForStatus(status), `watch: HTTP ${status}${apiMessage ? `: ${apiMessage}` : ''}`, { status, apiMessage });
}

/** A running loop. `done` settles once `stop()` was called or the loop handed over on 403. */
export interface ListWatchHandle {
  stop(): void;
  done: Promise<void>;
}

/** Starts the loop; it runs until `stop()`. */
export function startListWatch(options: ListWatchOptions, sink: ListWatchSink): ListWatchHandle {
  const controller = new AbortController();
  const loop = new Loop(options, sink, controller.signal);
  return { stop: () => controller.abort(), done: loop.run() };
}

class Loop {
  private failures = 0;
  private silentInARow = 0;
  private reported?: LoopStatus['state'];
  /** The call under way, to name the verb a 403 denied. */
  private phase: 'list' | 'watch' = 'list';

  constructor(
    private readonly o: ListWatchOptions,
    private readonly sink: ListWatchSink,
    private readonly signal: AbortSignal,
  ) {}

  async run(): Promise<void> {
    let rv: string | undefined;
    while (!this.signal.aborted) {
      try {
        if (rv === undefined) rv = await this.listAll();
        const outcome = await this.watchOnce(rv);
        rv = outcome.resourceVersion;
        if (outcome.error) throw outcome.error;
        this.failures = 0;
        if (!outcome.delivered) await this.o.clock.delay(backoffDelayMs(1, this.o.clock.random()), this.signal);
      } catch (caught) {
        const error = toK8sError(caught, `list/watch ${this.o.path}`);
        if (error.code === 'gone') rv = undefined;
        if (await this.recover(error)) return;
      }
    }
  }

  /** Handles one failure; returns true when the loop must end. */
  private async recover(error: K8sError): Promise<boolean> {
    if (this.signal.aborted) return true;
    const silent = error.code === 'timeout';
    this.o.onRestart?.(silent ? 'silent' : error.code);
    if (error.code === 'gone') return false;
    if (silent && this.silentInARow < 2) return false;
    this.failures += 1;
    if (error.code === 'forbidden') {
      if (this.o.onForbidden?.(error)) return true;
      this.report({ state: 'forbidden', reason: explainForbidden(this.o.path, this.phase, error) });
    } else {
      this.report({ state: 'reconnecting', reason: error.message, failures: this.failures });
    }
    const backoff = backoffDelayMs(this.failures, this.o.clock.random());
    await this.o.clock.delay(Math.max(backoff, error.retryAfterMs ?? 0), this.signal);
    return this.signal.aborted;
  }

  private report(status: LoopStatus): void {
    this.reported = status.state;
    this.sink.onStatus(status);
  }

  private async listAll(): Promise<string> {
    this.phase = 'list';
    const items: unknown[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.o.transport.list(this.o.path, { ...this.o.query, limit: this.o.pageSize ?? 500, continue: cont }, this.signal);
      items.push(...page.items);
      cont = page.continue;
      // The first page's version: kube-apiserver serves every page from that snapshot, and a server
      // that does not snapshot makes the watch replay what changed while paging instead of losing it.
      rv ||= page.resourceVersion;
    } while (cont !== undefined && !this.signal.aborted);
    this.sink.onList(items);
    this.report({ state: 'connected' });
    return rv;
  }

  private watchOnce(rv: string): Promise<WatchOutcome> {
    this.phase = 'watch';
    const timeout = this.o.watchTimeoutSeconds ?? 300;
    const query = { ...this.o.query, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: Math.round(timeout * (1 + this.o.clock.random())) };
    return new Promise<WatchOutcome>((resolve) => {
      let latest = rv;
      let delivered = false;
      let established = false;
      let settled = false;
      let abort: (() => void) | undefined;
      let cancelTimer = () => {};
      const finish = (error?: K8sError) => {
        if (settled) return;
        settled = true;
        cancelTimer();
        abort?.();
        this.signal.removeEventListener('abort', onAbort);
        // A watch the server accepted and then kept quiet is a quiet cluster, restarted at once; one
        // that never got a response counts towards "reconnecting".
        this.silentInARow = delivered || established ? 0 : error?.code === 'timeout' ? this.silentInARow + 1 : this.silentInARow;
        resolve({ resourceVersion: latest, delivered, error });
      };
      const arm = () => {
        cancelTimer();
        cancelTimer = this.o.clock.setTimer(() => finish(new K8sError('timeout', `watch ${this.o.path}: silent, restarting`)), this.o.silenceMs ?? 120_000);
      };
      const onAbort = () => finish();
      const onEvent = (event: WatchEvent) => {
        if (settled) return;
        arm();
        if (event.type === 'ERROR') return finish(errorOfStatus(event.object));
        delivered = true;
        if (this.reported !== 'connected') this.report({ state: 'connected' });
        latest = resourceVersionOf(event.object) ?? latest;
        if (event.type !== 'BOOKMARK') this.sink.onEvent(event.type, event.object);
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
      arm();
      this.o.transport
        .watch(this.o.path, query, onEvent, (error) => finish(error === undefined ? undefined : toK8sError(error, `watch ${this.o.path}`)))
        .then(
          (handle) => {
            abort = () => handle.abort();
            established = true;
            if (settled) handle.abort();
            else if (this.reported !== 'connected' && this.silentInARow === 0) this.report({ state: 'connected' });
          },
          (error: unknown) => finish(toK8sError(error, `watch ${this.o.path}`)),
        );
    });
  }
}
