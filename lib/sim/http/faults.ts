/**
 * Fault switches for tests: what a flaky or hostile API server does to its clients. Each switch
 * acts at once on open watches and on the next requests.
 */
import type { SimStore } from '../store';

export interface RespondOptions {
  /** How many requests get the fault (default: until `clear()`). */
  times?: number;
  /** `Retry-After` seconds for 429 (default 1). */
  retryAfterSeconds?: number;
  message?: string;
}

interface Rule extends RespondOptions {
  pattern: RegExp;
  status: number;
  /** The resource a 403 names in its message and details (default `pods`). */
  resource?: string;
}

/** What RBAC can deny the dashboard in the simulated cluster: the two resources it watches. */
export const DENIABLE_RESOURCES = ['pods', 'events'] as const;
export type DeniableResource = (typeof DENIABLE_RESOURCES)[number];

/** Collection paths of a resource (core and events.k8s.io/v1, cluster-wide or namespaced); discovery stays allowed. */
const RESOURCE_PATHS: Record<DeniableResource, RegExp> = {
  pods: /^\/api\/v1\/(?:namespaces\/[^/]+\/)?pods(?:[/?]|$)/,
  events: /^\/(?:api\/v1|apis\/events\.k8s\.io\/v1)\/(?:namespaces\/[^/]+\/)?events(?:[/?]|$)/,
};

/** The same collections at the cluster scope only (a namespace's stay allowed). */
const CLUSTER_PATHS: Record<DeniableResource, RegExp> = {
  pods: /^\/api\/v1\/pods(?:[/?]|$)/,
  events: /^\/(?:api\/v1|apis\/events\.k8s\.io\/v1)\/events(?:[/?]|$)/,
};

export interface WatchHandle {
  drop(abrupt: boolean): void;
  injectAdded(object: unknown): void;
  resource: string;
}

export class FaultSwitches {
  private readonly rules: Rule[] = [];
  private readonly watches = new Set<WatchHandle>();
  private stalledUntil = 0;
  private malformedObject: unknown;
  metricsServed = true;

  constructor(private readonly store: SimStore) {}

  /** Cuts every open watch now: a clean end of stream, or a reset connection when `abrupt`. */
  dropWatches(options: { abrupt?: boolean } = {}): number {
    const open = [...this.watches];
    for (const w of open) w.drop(options.abrupt ?? false);
    return open.length;
  }

  /** Keeps connections open but sends nothing, for `ms` (real time) or until `stallWatches(false)`. */
  stallWatches(duration: number | boolean): void {
    this.stalledUntil = duration === false ? 0 : duration === true ? Number.POSITIVE_INFINITY : performance.now() + duration;
  }

  get isStalled(): boolean {
    return performance.now() < this.stalledUntil;
  }

  /** Answers requests whose path and query match `pattern` with `status` (500, 429 with Retry-After, 403 …). */
  respond(pattern: RegExp | string, status: number, options: RespondOptions = {}): void {
    this.rules.push({ pattern: typeof pattern === 'string' ? new RegExp(pattern) : pattern, status, ...options });
  }

  /**
   * Every request for `resource` answers 403 with the API server's RBAC message, as when the
   * ClusterRole lacks that grant; until `clear()`. `clusterScopeOnly`: only cluster-wide requests
   * do, as for a service account with Roles in some namespaces (the chart with `namespaces`).
   */
  deny(resource: DeniableResource, options: { clusterScopeOnly?: boolean } = {}): void {
    this.rules.push({
      pattern: (options.clusterScopeOnly ? CLUSTER_PATHS : RESOURCE_PATHS)[resource],
      status: 403,
      resource,
      message: `${resource} is forbidden: User "system:serviceaccount:sidecarscope:sidecarscope" cannot list resource "${resource}" in API group "" at the cluster scope`,
    });
  }

  /** A new resource-version history (all old versions give 410) and every watch dropped. */
  restart(): void {
    this.store.restart();
    this.dropWatches({ abrupt: true });
  }

  /** Drops the watch window: the next watch from an old resourceVersion gets 410. */
  compact(): void {
    this.store.compact();
  }

  /** The metrics API disappears (`false`), also from discovery, or comes back (`true`). */
  metrics(served: boolean): void {
    this.metricsServed = served;
  }

  /** Adds a malformed pod to pod lists and sends it to open pod watches; `false` removes it. */
  malformed(object: unknown = MALFORMED_POD): void {
    if (object === false) {
      this.malformedObject = undefined;
      return;
    }
    this.malformedObject = object;
    for (const w of this.watches) if (w.resource === 'pods') w.injectAdded(object);
  }

  get malformedPod(): unknown {
    return this.malformedObject;
  }

  /** Clears every switch. */
  clear(): void {
    this.rules.length = 0;
    this.stalledUntil = 0;
    this.malformedObject = undefined;
    this.metricsServed = true;
  }

  /** The fault for this request, if any (consumes one of its `times`). */
  match(url: string): Rule | undefined {
    const index = this.rules.findIndex((r) => r.pattern.test(url));
    const rule = this.rules[index];
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times--;
      if (rule.times <= 0) this.rules.splice(index, 1);
    }
    return rule;
  }

  track(handle: WatchHandle): () => void {
    this.watches.add(handle);
    return () => this.watches.delete(handle);
  }

  get openWatches(): number {
    return this.watches.size;
  }
}

export const MALFORMED_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'malformed-pod', namespace: 'default', uid: 'malformed-0000', resourceVersion: '1', creationTimestamp: 'not-a-time' },
  spec: { containers: 'not-a-list', initContainers: [{ name: 42 }] },
  status: { phase: 7, containerStatuses: [{ name: null, state: { running: 'yes' } }], conditions: {} },
};
