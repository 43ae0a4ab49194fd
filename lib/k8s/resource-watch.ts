/**
 * Watches pods or events cluster-wide, or, with an allow-list of namespaces, one loop per allowed
 * namespace. The allow-list is never served from a cluster-wide watch, even where RBAC would allow
 * one: that lists, parses and drops every other namespace's objects (at 100,000 pods, a release
 * watching a quarter of them went out of its 320 MiB heap during the first list; benchmarks.md).
 */
import 'server-only';
import type { Clock } from './clock';
import { startListWatch, type ListWatchHandle, type ListWatchSink } from './list-watch';
import type { KubeTransport } from './transport-types';

export type WatchedResource = 'pods' | 'events';

export interface ResourceWatchOptions {
  transport: KubeTransport;
  clock: Clock;
  resource: WatchedResource;
  /** Allow-list: one loop per namespace in it (a namespace that is not listed is never read). */
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

/** The scopes of the loops {@link watchResource} starts: each namespace of the allow-list, or `*` without one. */
export function watchScopes(namespaces: readonly string[] | undefined): string[] {
  const allowed = [...new Set(namespaces ?? [])];
  return allowed.length === 0 ? ['*'] : allowed;
}

/** Starts watching; `stop()` ends every loop it started. */
export function watchResource(options: ResourceWatchOptions): { stop(): void } {
  const handles: ListWatchHandle[] = [];
  const start = (scope: string, namespace: string | undefined) => {
    const sink = options.sinkFor(scope);
    handles.push(
      startListWatch(
        {
          transport: options.transport,
          clock: options.clock,
          path: pathOf(options.resource, namespace),
          query: QUERY[options.resource],
          onRestart: options.onRestart,
          onSilentRelist: options.onSilentRelist,
          silenceMs: options.silenceMs,
          deafRelistMs: options.deafRelistMs,
          pageSize: options.pageSize,
        },
        sink,
      ),
    );
  };
  for (const scope of watchScopes(options.namespaces)) start(scope, scope === '*' ? undefined : scope);
  return {
    stop() {
      for (const h of handles) h.stop();
    },
  };
}
