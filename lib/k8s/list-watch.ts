/**
 * A list-then-watch loop for one API path that does not give up.
 *
 * Why not client-node's `makeInformer`: its `ListWatch` stops for good on any error other than
 * 410 and relies on the caller to restart it, and it hides pagination. This loop lists in pages
 * (`limit`/`continue`), watches from the list's resourceVersion with bookmarks, relists on 410,
 * retries everything else with capped, jittered backoff, and reports its state so the hub can say
 * `reconnecting`, `forbidden` or `stale since …`.
 *
 * A silent watch: kube-apiserver sends a bookmark about once a minute to a watch that asks for
 * them (cacher `defaultBookmarkFrequency`), so a watch that delivers nothing, not even a bookmark,
 * for longer ({@link DEFAULT_SILENCE_MS}) is not a quiet cluster. The loop then relists and
 * compares: when the list holds changes the watch never delivered (a proxy that buffers the
 * stream, a broken path), it says so in its status and keeps the data fresh by relisting every
 * {@link DEFAULT_DEAF_RELIST_MS} until the watch delivers again. This timer, on the injected
 * clock, is the only watchdog on a watch (lib/k8s/watch-stream.ts has none).
 * See the reflector it mirrors:
 * https://github.com/kubernetes/client-go/blob/v0.34.0/tools/cache/reflector.go
 */
import 'server-only';
import { explainForbidden } from './access-review';
import { K8sError, codeForStatus, statusMessageOf, toK8sError } from './errors';
import { backoffDelayMs, type Clock } from './clock';
import type { KubeTransport, Query, WatchEvent } from './transport-types';

/** Longer than kube-apiserver's bookmark interval (about 60 s), so a healthy watch never hits it. */
export const DEFAULT_SILENCE_MS = 90_000;
/** How often a loop whose watch delivers nothing relists instead. */
export const DEFAULT_DEAF_RELIST_MS = 30_000;
/** The status warning of a loop whose watch delivers nothing. */
export const DEAF_WATCH_WARNING = 'watch delivers nothing: a proxy buffering the stream? Relisting';

/** The state of one loop, reported on every change. */
export type LoopStatus =
  { state: 'connected'; warning?: string } | { state: 'reconnecting'; reason: string; failures: number } | { state: 'forbidden'; reason: string };

/** Where the loop delivers what it learns. Objects are raw JSON. */
export interface ListWatchSink {
  /** A full (re)list finished: `items` is everything that exists now on this path. */
  onList(items: unknown[]): void;
  /**
   * Optional: take each full (re)list a page at a time instead of `onList`. Called when a list
   * starts; its `page` gets each page as it arrives, while the next page is already being fetched
   * (the loop waits for the promise `page` returns before handing over the next one), and `end`
   * once the last page is in. A list that fails half-way never ends: the next list starts over.
   * Holding the whole list first (100,000 raw pods) and then deriving it in one go blocked the
   * event loop for seconds and doubled the heap during a sync.
   */
  pagedList?(): { page(items: unknown[]): void | Promise<void>; end(): void };
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
  /** A watch that delivers nothing (not even a bookmark) for this long is checked by a relist. */
  silenceMs?: number;
  /** While the watch delivers nothing, relist this often. */
  deafRelistMs?: number;
  /** After each relist caused by silence: how many objects had changed without the watch saying so. */
  onSilentRelist?: (undelivered: number) => void;
  /** Called on every abnormal restart: `gone` (410), `silent`, or a {@link K8sError} code. */
  onRestart?: (reason: string) => void;
}

interface WatchOutcome {
  resourceVersion: string;
  delivered: boolean;
  /** The server accepted the watch, then sent nothing for the silence period. */
  silent?: boolean;
  error?: K8sError;
}

/** What a list says about each object, to compare with a later list. */
type Fingerprint = Map<string, string>;

function keyOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const meta = (object as { metadata?: { uid?: unknown; namespace?: unknown; name?: unknown } }).metadata;
  if (typeof meta?.uid === 'string') return meta.uid;
  return typeof meta?.name === 'string' ? `${String(meta.namespace ?? '')}/${meta.name}` : undefined;
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

function addFingerprints(fingerprint: Fingerprint, items: readonly unknown[]): void {
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) fingerprint.set(key, resourceVersionOf(item) ?? '');
  }
}

/** Objects added, changed or gone between two lists' fingerprints. */
function countFingerprintChanges(before: Fingerprint, after: Fingerprint): number {
  let changed = 0;
  for (const [key, rv] of after) if (before.get(key) !== rv) changed += 1;
  for (const key of before.keys()) if (!after.has(key)) changed += 1;
  return changed;
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
  /** Each object's resourceVersion as last listed or delivered: what a relist is compared with. */
  private known: Fingerprint = new Map();
  /** True while the watch is known to deliver nothing. */
  private deaf = false;
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
        if (this.signal.aborted) return;
        const outcome = await this.watchOnce(rv);
        rv = outcome.resourceVersion;
        if (outcome.silent) {
          rv = await this.relistAfterSilence();
          continue;
        }
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
      this.report({ state: 'forbidden', reason: explainForbidden(this.o.path, this.phase, error) });
    } else {
      this.report({ state: 'reconnecting', reason: error.message, failures: this.failures });
    }
    const backoff = backoffDelayMs(this.failures, this.o.clock.random());
    await this.o.clock.delay(Math.max(backoff, error.retryAfterMs ?? 0), this.signal);
    return this.signal.aborted;
  }

  private remember(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void {
    const key = keyOf(object);
    if (key === undefined) return;
    if (type === 'DELETED') this.known.delete(key);
    else this.known.set(key, resourceVersionOf(object) ?? '');
  }

  private report(status: LoopStatus): void {
    this.reported = status.state;
    this.sink.onStatus(status);
  }

  private async listAll(): Promise<string> {
    const { fingerprint, resourceVersion } = await this.listPages();
    if (this.signal.aborted) return resourceVersion;
    this.known = fingerprint;
    this.report({ state: 'connected' });
    return resourceVersion;
  }

  /**
   * The watch was accepted and then said nothing past the silence period: relist, apply, and
   * compare with what the watch had told. Changes it never delivered mean it is deaf.
   */
  private async relistAfterSilence(): Promise<string> {
    this.o.onRestart?.('silent');
    const { fingerprint, resourceVersion } = await this.listPages();
    const undelivered = countFingerprintChanges(this.known, fingerprint);
    this.known = fingerprint;
    this.o.onSilentRelist?.(undelivered);
    if (undelivered > 0) this.deaf = true;
    this.report(
      this.deaf ? { state: 'connected', warning: `${DEAF_WATCH_WARNING} every ${Math.round(this.deafRelistMs() / 1000)} s.` } : { state: 'connected' },
    );
    return resourceVersion;
  }

  private deafRelistMs(): number {
    return this.o.deafRelistMs ?? DEFAULT_DEAF_RELIST_MS;
  }

  /**
   * Lists every page with `limit`/`continue` and hands the list to the sink (whole, or page by
   * page when it takes pages). Pipelined: the request for the next page goes out before the sink
   * gets the current one, so the server prepares it while this process applies the page.
   */
  private async listPages(): Promise<{ fingerprint: Fingerprint; resourceVersion: string }> {
    this.phase = 'list';
    const paged = this.sink.pagedList?.();
    const items: unknown[] = [];
    const fingerprint: Fingerprint = new Map();
    const fetchPage = (cont: string | undefined) => {
      const request = this.o.transport.list(this.o.path, { ...this.o.query, limit: this.o.pageSize ?? 500, continue: cont }, this.signal);
      // Awaited below; a page in flight when the loop stops or fails must not be an unhandled rejection.
      request.catch(() => {});
      return request;
    };
    let next = fetchPage(undefined);
    let rv = '';
    for (;;) {
      const page = await next;
      // The first page's version: kube-apiserver serves every page from that snapshot, and a server
      // that does not snapshot makes the watch replay what changed while paging instead of losing it.
      rv ||= page.resourceVersion;
      const more = page.continue !== undefined && !this.signal.aborted;
      if (more) next = fetchPage(page.continue);
      addFingerprints(fingerprint, page.items);
      if (paged) await paged.page(page.items);
      else for (const item of page.items) items.push(item);
      if (!more || this.signal.aborted) break;
    }
    // A list cut short by stop() is not the cluster's list: handing it over would delete the rest.
    if (this.signal.aborted) return { fingerprint, resourceVersion: rv };
    if (paged) paged.end();
    else this.sink.onList(items);
    return { fingerprint, resourceVersion: rv };
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
        // A watch the server accepted and then kept quiet is checked by a relist (see run); one
        // that never got a response counts towards "reconnecting".
        const silent = established && error?.code === 'timeout';
        this.silentInARow = delivered || established ? 0 : error?.code === 'timeout' ? this.silentInARow + 1 : this.silentInARow;
        resolve(silent ? { resourceVersion: latest, delivered, silent } : { resourceVersion: latest, delivered, error });
      };
      const arm = () => {
        cancelTimer();
        const silenceMs = this.deaf ? this.deafRelistMs() : (this.o.silenceMs ?? DEFAULT_SILENCE_MS);
        cancelTimer = this.o.clock.setTimer(() => finish(new K8sError('timeout', `watch ${this.o.path}: silent`)), silenceMs);
      };
      const onAbort = () => finish();
      const onEvent = (event: WatchEvent) => {
        if (settled) return;
        arm();
        if (event.type === 'ERROR') return finish(errorOfStatus(event.object));
        delivered = true;
        if (this.reported !== 'connected' || this.deaf) {
          this.deaf = false;
          this.report({ state: 'connected' });
          arm();
        }
        latest = resourceVersionOf(event.object) ?? latest;
        if (event.type === 'BOOKMARK') return;
        this.remember(event.type, event.object);
        this.sink.onEvent(event.type, event.object);
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
