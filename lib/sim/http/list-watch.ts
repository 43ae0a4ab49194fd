/**
 * list (with `limit`/`continue`, label and field selectors), get, and watch (`resourceVersion`,
 * `allowWatchBookmarks`, `sendInitialEvents`, `timeoutSeconds`) over the store, plain or as Tables.
 * Watches from a version older than the store's window get an in-stream 410 `ERROR` event, and an
 * expired `continue` token gets HTTP 410, as from a compacted etcd.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../kube-types';
import type { Change, ResourceName, SimStore } from '../store';
import type { FaultSwitches } from './faults';
import { fieldValue, matches, parseSelector } from './selectors';
import { sendJson, sendStatus, statusBody } from './status';
import { toTable, wantsTable, type IncludeObject } from './tables';

export interface ResourceRequest {
  resource: ResourceName;
  namespace?: string;
  query: URLSearchParams;
  accept?: string;
  /** Serves the objects in another group's shape (events.k8s.io/v1); Tables use the stored object. */
  view?: { apiVersion: string; convert: (o: KubeObject) => KubeObject };
}

export interface ListWatchDeps {
  store: SimStore;
  faults: FaultSwitches;
  now: () => number;
  bookmarkIntervalMs: number;
}

/** A watcher this far behind is cut, as the API server drops watchers that cannot keep up. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * How much of a watch's write buffer (`writableLength`) is live changes, given the bytes written
 * since the initial events ended (`liveBytes`). The buffer drains oldest first: while any initial
 * event is still in it, every live byte is too (`liveBytes`); once none is, all of it is live.
 * Counting the whole buffer cut every watch whose replay was large (a relist of 100,000 pods
 * under 1,000 updates/s replays about 60 MB) at its first live change, before the client could
 * have read the replay, so that client listed again, and again.
 */
export function bufferedLiveBytes(writableLength: number, liveBytes: number): number {
  return Math.min(writableLength, liveBytes);
}

const KINDS: Record<ResourceName, string> = { pods: 'Pod', events: 'Event', nodes: 'Node', namespaces: 'Namespace' };

function filterFor(req: ResourceRequest): (o: KubeObject) => boolean {
  const labels = parseSelector(req.query.get('labelSelector'));
  const fields = parseSelector(req.query.get('fieldSelector'));
  return (o) =>
    (req.namespace === undefined || o.metadata.namespace === req.namespace) &&
    matches(labels, (k) => o.metadata.labels?.[k]) &&
    matches(fields, (path) => fieldValue(o, path));
}

function includeOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

interface ContinueToken {
  rv: number;
  key: string;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const encodeToken = (t: ContinueToken) => Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeToken(raw: string): ContinueToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    const t = parsed as Partial<ContinueToken>;
    return typeof t.rv === 'number' && typeof t.key === 'string' ? { rv: t.rv, key: t.key } : undefined;
  } catch {
    return undefined;
  }
}

export function serveList(res: ServerResponse, req: ResourceRequest, deps: ListWatchDeps): void {
  const { store } = deps;
  const rawToken = req.query.get('continue');
  const token = rawToken ? decodeToken(rawToken) : undefined;
  if (rawToken && (!token || store.changesSince(token.rv) === 'gone')) {
    return sendStatus(
      res,
      410,
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.',
    );
  }
  const malformed = req.resource === 'pods' ? deps.faults.malformedPod : undefined;
  const all = store.list(req.resource, req.namespace).filter(filterFor(req));
  const candidates = [...all, ...(malformed && !token ? [malformed as KubeObject] : [])];
  const start = token ? candidates.findIndex((o) => keyOf(o) > token.key) : 0;
  const from = start < 0 ? candidates.length : start;
  const limit = Number(req.query.get('limit') ?? 0);
  const page = limit > 0 ? candidates.slice(from, from + limit) : candidates.slice(from);
  const remaining = candidates.length - from - page.length;
  // Every page reports the first page's version, as kube-apiserver's paged lists do.
  const rv = token ? String(token.rv) : store.resourceVersion;
  const last = page[page.length - 1];
  const meta = {
    resourceVersion: rv,
    ...(remaining > 0 && last ? { continue: encodeToken({ rv: token?.rv ?? Number(rv), key: keyOf(last) }), remainingItemCount: remaining } : {}),
  };
  if (wantsTable(req.accept)) return sendJson(res, 200, toTable(req.resource, page, deps.now(), meta, includeOf(req.query)));
  const items = page.map((o) => (req.view ? req.view.convert(o) : { ...o, apiVersion: 'v1', kind: KINDS[req.resource] }));
  sendJson(res, 200, { kind: `${KINDS[req.resource]}List`, apiVersion: req.view?.apiVersion ?? 'v1', metadata: meta, items });
}

export function serveGet(res: ServerResponse, req: ResourceRequest, name: string, deps: ListWatchDeps): void {
  const object = deps.store.get(req.resource, req.namespace, name);
  if (!object) return sendStatus(res, 404, `${req.resource} "${name}" not found`, { name, kind: req.resource });
  if (wantsTable(req.accept))
    return sendJson(res, 200, toTable(req.resource, [object], deps.now(), { resourceVersion: object.metadata.resourceVersion }, includeOf(req.query)));
  sendJson(res, 200, req.view ? req.view.convert(object) : object);
}

/**
 * With a selector, an object that starts matching arrives as ADDED and one that stops matching as
 * DELETED, as the API server's watch cache filters: `present` holds the keys the client has.
 */
function selectorTransition(c: Change, matchesNow: boolean, present: Set<string> | undefined): string | undefined {
  if (!present) return matchesNow ? c.type : undefined;
  const key = keyOf(c.object);
  const had = present.has(key);
  if (c.type === 'DELETED' || !matchesNow) {
    present.delete(key);
    return had ? 'DELETED' : undefined;
  }
  present.add(key);
  return had ? c.type : 'ADDED';
}

export function serveWatch(httpReq: IncomingMessage, res: ServerResponse, req: ResourceRequest, deps: ListWatchDeps): void {
  const { store, faults } = deps;
  const keep = filterFor(req);
  const asTable = wantsTable(req.accept);
  let columnsSent = false;
  /** Initial events may be large (100,000 pods); only live changes count against the buffer limit. */
  let live = false;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  /**
   * Frames held while watches are stalled: a stalled connection delivers nothing, but a real API
   * server never loses an event it put in a stream, so they arrive (in order) when the stall ends.
   */
  let held: string[] = [];
  let heldBytes = 0;
  let release: ReturnType<typeof setInterval> | undefined;
  let liveBytes = 0;
  const send = (line: string) => {
    res.write(line);
    if (!live) return;
    liveBytes += line.length;
    if (bufferedLiveBytes(res.writableLength, liveBytes) > MAX_BUFFERED_BYTES) res.destroy();
  };
  const releaseHeld = () => {
    if (faults.isStalled || res.writableEnded) return;
    clearInterval(release);
    release = undefined;
    const lines = held;
    held = [];
    heldBytes = 0;
    for (const line of lines) send(line);
  };
  const hold = (line: string) => {
    held.push(line);
    heldBytes += line.length;
    if (heldBytes > MAX_BUFFERED_BYTES) res.destroy();
    release ??= setInterval(releaseHeld, 20);
  };
  const write = (type: string, object: unknown, always = false) => {
    if (res.writableEnded) return;
    let payload = object;
    if (asTable && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      payload = toTable(
        req.resource,
        [object as KubeObject],
        deps.now(),
        { resourceVersion: (object as KubeObject).metadata?.resourceVersion },
        includeOf(req.query),
        !columnsSent,
      );
      columnsSent = true;
    } else if (req.view && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) payload = req.view.convert(object as KubeObject);
    const line = `${JSON.stringify({ type, object: payload })}\n`;
    if (!always && (faults.isStalled || held.length > 0)) hold(line);
    else send(line);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: KINDS[req.resource],
      apiVersion: 'v1',
      metadata: { resourceVersion: store.resourceVersion, ...(annotations ? { annotations } : {}) },
    });
  const selective = req.query.has('labelSelector') || req.query.has('fieldSelector');
  const present = selective ? new Set<string>() : undefined;
  const rv = req.query.get('resourceVersion') ?? '';
  const bookmarks = req.query.get('allowWatchBookmarks') === 'true';
  const initial = req.query.get('sendInitialEvents') === 'true' || rv === '' || rv === '0';
  if (initial) {
    for (const o of store.list(req.resource, req.namespace).filter(keep)) {
      present?.add(keyOf(o));
      write('ADDED', o);
    }
    if (req.query.get('sendInitialEvents') === 'true' && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const since = /^\d+$/.test(rv) ? store.changesSince(Number(rv)) : 'gone';
    if (since === 'gone') {
      write('ERROR', statusBody(410, `too old resource version: ${rv} (${store.resourceVersion})`), true);
      res.end();
      return;
    }
    for (const o of selective ? store.list(req.resource, req.namespace).filter(keep) : []) present?.add(keyOf(o));
    for (const c of since) if (c.resource === req.resource && keep(c.object)) write(c.type, c.object);
  }
  live = true;
  const onChange = (c: Change) => {
    if (c.resource !== req.resource) return;
    const type = selectorTransition(c, keep(c.object), present);
    if (type) write(type, c.object);
  };
  const unsubscribe = store.subscribe(onChange);
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (bookmarks) timers.push(setInterval(() => bookmark(), deps.bookmarkIntervalMs));
  const timeout = Number(req.query.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
  const untrack = faults.track({
    resource: req.resource,
    drop: (abrupt) => (abrupt ? res.destroy() : res.end()),
    injectAdded: (object) => write('ADDED', object),
  });
  const cleanup = () => {
    unsubscribe();
    untrack();
    for (const t of timers) clearTimeout(t);
    clearInterval(release);
    held = [];
  };
  res.on('close', cleanup);
  httpReq.on('close', () => {
    if (!res.writableEnded) res.end();
  });
}
