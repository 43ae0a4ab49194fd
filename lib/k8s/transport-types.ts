/** The transport contract between the watch loop and the API server (real or fake). */

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One page of a list call: raw items plus the list's resourceVersion and continue token. */
export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continue?: string;
}

/** A watch event as the API server sends it; `object` is raw JSON. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

export interface WatchHandle {
  abort(): void;
}

/** How the watch loop, poller and version probe reach the cluster. */
export interface KubeTransport {
  getJson(path: string, query?: Query, signal?: AbortSignal): Promise<unknown>;
  /** POSTs a JSON body (used for SelfSubjectAccessReview); optional: fakes may not serve it. */
  postJson?(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>;
  /** GETs plain text (pod logs), at most `maxBytes` of it; optional: fakes may not serve it. */
  getText?(path: string, query: Query, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; truncated: boolean }>;
  list(path: string, query: Query, signal?: AbortSignal): Promise<ListPage>;
  /**
   * A list's items only, in slices with the event loop free between them: for a list too large to
   * parse at once (PodMetrics of 100,000 pods). Optional: callers fall back to `list`.
   */
  listItems?(path: string, query: Query, signal?: AbortSignal): AsyncIterable<unknown[]>;
  /**
   * Opens a watch. `onDone` is called at most once: with no argument when the server closed the
   * stream, with a `K8sError` on failure. After `abort()` it may or may not be called.
   */
  watch(path: string, query: Query, onEvent: (event: WatchEvent) => void, onDone: (error?: unknown) => void): Promise<WatchHandle>;
}
