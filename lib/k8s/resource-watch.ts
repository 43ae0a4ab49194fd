/**
 * Watches pods or events cluster-wide, or, when the cluster-wide list is forbidden and an
 * allow-list of namespaces is configured, one loop per allowed namespace.
 */
import 'server-only';
import type { Clock } from './clock';
import type { K8sError } from './errors';
import { startListWatch, type ListWatchHandle, type ListWatchSink } from './list-watch';
import type { KubeTransport } from './transport-types';

export type WatchedResource = 'pods' | 'events';

export interface ResourceWatchOptions {
  transport: KubeTransport;
  clock: Clock;
  resource: WatchedResource;
  /** Allow-list: objects elsewhere are dropped; used for the namespaced fallback on 403. */
  namespaces?: string[];
  /** One sink per scope (`*` for cluster-wide, else the namespace): each relists independently. */
  sinkFor(scope: string): ListWatchSink;
  onRestart?: (reason: string) => void;
  onSilentRelist?: (undelivered: number) => void;
  silenceMs?: number;
  deafRelistMs?: number;
  pageSize?: number;
}

const QUERY: Record<WatchedResource, Record<string, string>> = {
  pods: {},
  events: { fieldSelector: 'involvedObject.kind=Pod' },
};

/** The API path of a resource, cluster-wide or in one namespace. */
export function pathOf(resource: WatchedResource, namespace?: string): string {
  return namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}` : `/api/v1/${resource}`;
}

function namespaceOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const ns = (object as { metadata?: { namespace?: unknown } }).metadata?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

function filtered(sink: ListWatchSink, allowed: Set<string>): ListWatchSink {
  const keep = (o: unknown) => {
    const ns = namespaceOf(o);
    return ns !== undefined && allowed.has(ns);
  };
  return {
    onList: (items) => sink.onList(items.filter(keep)),
    onEvent: (type, object) => {
      if (keep(object)) sink.onEvent(type, object);
    },
    onStatus: (status) => sink.onStatus(status),
  };
}

/** Starts watching; `stop()` ends every loop it started. */
export function watchResource(options: ResourceWatchOptions): { stop(): void } {
  const handles: ListWatchHandle[] = [];
  let stopped = false;
  const allowed = options.namespaces && options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
  const start = (scope: string, namespace: string | undefined, onForbidden?: (e: K8sError) => boolean) => {
    const base = options.sinkFor(scope);
    const sink = allowed && !namespace ? filtered(base, allowed) : base;
    handles.push(
      startListWatch(
        {
          transport: options.transport,
          clock: options.clock,
          path: pathOf(options.resource, namespace),
          query: QUERY[options.resource],
          onRestart: options.onRestart,
          onSilentRelist: options.onSilentRelist,
          onForbidden,
          silenceMs: options.silenceMs,
          deafRelistMs: options.deafRelistMs,
          pageSize: options.pageSize,
        },
        sink,
      ),
    );
  };
  const fallBack = (): boolean => {
    if (!allowed || stopped) return false;
    for (const ns of allowed) start(ns, ns);
    return true;
  };
  start('*', undefined, fallBack);
  return {
    stop() {
      stopped = true;
      for (const h of handles) h.stop();
    },
  };
}
