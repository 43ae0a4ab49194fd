/**
 * An in-memory API server for tests of the watch loop and the hub: list with pagination, watch
 * with resourceVersion replay and 410 after compaction, and knobs to cut, fail or forbid.
 */
import { K8sError } from '../errors';
import type { KubeTransport, ListPage, Query, WatchEvent, WatchHandle } from '../transport-types';

interface Obj {
  metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string };
}

interface Watcher {
  resource: string;
  namespace?: string;
  onEvent(event: WatchEvent): void;
  onDone(error?: unknown): void;
}

function namespaceOfPath(path: string): string | undefined {
  return /^\/api\/v1\/namespaces\/([^/]+)\//.exec(path)?.[1];
}

function resourceOfPath(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class FakeApi implements KubeTransport {
  private rv = 0;
  private compactedBelow = 0;
  private readonly objects = new Map<string, Obj>();
  private readonly history: { rv: number; event: WatchEvent; namespace: string; resource: string }[] = [];
  readonly watchers = new Set<Watcher>();
  readonly calls = { list: 0, watch: 0, listPaths: [] as string[] };
  /** Errors thrown by the next list calls, in order. */
  readonly listFailures: K8sError[] = [];
  /** Errors failing the next watch calls, in order. */
  readonly watchFailures: K8sError[] = [];
  forbidClusterWide = false;
  /** Namespaces whose lists answer 403 (an allow-list namespace without its Role). */
  readonly forbidNamespaces = new Set<string>();
  /** Namespaces whose lists wait until {@link releaseLists} (a slow namespace of an allow-list). */
  readonly holdNamespaces = new Set<string>();
  private held: (() => void)[] = [];
  /** When true, events are held back and new watches hang before the server answers. */
  stall = false;
  /**
   * When true, watches are accepted and then never deliver anything (no events, no bookmarks,
   * never closed) while lists stay current: a proxy that buffers the stream.
   */
  mute = false;
  /** PodMetrics items served by metrics.k8s.io; undefined: the API is not installed (404). */
  podMetrics?: unknown[];
  /** Serves POSTs (SelfSubjectAccessReview) when a test sets it; unset like the simulated cluster's 404. */
  postJson?: (path: string, body: unknown, signal?: AbortSignal) => Promise<unknown>;

  /** Creates or replaces an object of `resource` (`pods` by default), bumping resourceVersion. */
  put(obj: Obj, resource = 'pods'): void {
    this.rv += 1;
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } };
    const key = `${resource}/${obj.metadata.namespace}/${obj.metadata.name}`;
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.objects.set(key, stored);
    this.emit({ type, object: stored }, obj.metadata.namespace, resource);
  }

  remove(namespace: string, name: string, resource = 'pods'): void {
    const key = `${resource}/${namespace}/${name}`;
    const obj = this.objects.get(key);
    if (!obj) return;
    this.rv += 1;
    this.objects.delete(key);
    this.emit({ type: 'DELETED', object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } } }, namespace, resource);
  }

  private emit(event: WatchEvent, namespace: string, resource: string): void {
    this.history.push({ rv: this.rv, event, namespace, resource });
    if (this.stall || this.mute) return;
    for (const w of this.watchers) if (w.resource === resource && (w.namespace === undefined || w.namespace === namespace)) w.onEvent(event);
  }

  /** Forgets history: watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.compactedBelow = this.rv;
    this.history.length = 0;
  }

  /** The server closes every watch cleanly. */
  closeWatches(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.onDone();
    }
  }

  /** Every watch dies with a network error. */
  dropWatches(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.onDone(new K8sError('unreachable', 'watch: connection reset'));
    }
  }

  /** Sends a bookmark to every watcher. */
  bookmark(): void {
    for (const w of this.watchers) w.onEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rv) } } });
  }

  /** Lets the held lists answer (with what exists by then). */
  releaseLists(): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve();
  }

  getJson(path: string): Promise<unknown> {
    if (path === '/version') return Promise.resolve({ major: '1', minor: '31', gitVersion: 'v1.31.0' });
    return Promise.reject(new K8sError('not-found', `GET ${path}: HTTP 404`, { status: 404 }));
  }

  list(path: string, query: Query): Promise<ListPage> {
    this.calls.list += 1;
    this.calls.listPaths.push(path);
    const failure = this.listFailures.shift();
    if (failure) return Promise.reject(failure);
    if (path.startsWith('/apis/metrics.k8s.io/')) {
      if (!this.podMetrics) return Promise.reject(new K8sError('not-found', `GET ${path}: HTTP 404`, { status: 404 }));
      return Promise.resolve({ items: this.podMetrics, resourceVersion: '' });
    }
    const namespace = namespaceOfPath(path);
    if (this.forbidClusterWide && namespace === undefined) return Promise.reject(new K8sError('forbidden', 'list: HTTP 403', { status: 403 }));
    if (namespace !== undefined && this.forbidNamespaces.has(namespace)) return Promise.reject(new K8sError('forbidden', 'list: HTTP 403', { status: 403 }));
    if (namespace !== undefined && this.holdNamespaces.has(namespace)) {
      return new Promise<void>((resolve) => this.held.push(resolve)).then(() => {
        this.holdNamespaces.delete(namespace);
        return this.list(path, query);
      });
    }
    const prefix = `${resourceOfPath(path)}/`;
    const all = [...this.objects]
      .filter(([key, o]) => key.startsWith(prefix) && (namespace === undefined || o.metadata.namespace === namespace))
      .map(([, o]) => o);
    const start = Number(query.continue ?? 0);
    const limit = Number(query.limit ?? all.length);
    const end = start + limit;
    return Promise.resolve({ items: all.slice(start, end), resourceVersion: String(this.rv), continue: end < all.length ? String(end) : undefined });
  }

  watch(path: string, query: Query, onEvent: (e: WatchEvent) => void, onDone: (error?: unknown) => void): Promise<WatchHandle> {
    this.calls.watch += 1;
    const failure = this.watchFailures.shift();
    if (failure) {
      onDone(failure);
      return Promise.resolve({ abort: () => {} });
    }
    if (this.stall) return new Promise<WatchHandle>(() => {});
    const from = Number(query.resourceVersion ?? 0);
    const watcher: Watcher = { resource: resourceOfPath(path), namespace: namespaceOfPath(path), onEvent, onDone };
    if (from < this.compactedBelow) {
      onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
      return Promise.resolve({ abort: () => {} });
    }
    if (this.mute) return Promise.resolve({ abort: () => {} });
    for (const h of this.history)
      if (h.rv > from && h.resource === watcher.resource && (watcher.namespace === undefined || watcher.namespace === h.namespace)) onEvent(h.event);
    this.watchers.add(watcher);
    return Promise.resolve({ abort: () => this.watchers.delete(watcher) });
  }
}

/** Lets pending promises and immediates run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A minimal pod object for tests. */
export function aRawPod(namespace: string, name: string, extra: Record<string, unknown> = {}): Obj & Record<string, unknown> {
  return { metadata: { namespace, name, uid: `uid-${namespace}-${name}` }, ...extra };
}
