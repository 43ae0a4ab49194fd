/**
 * The simulated cluster's state: objects per resource, a global resource version, and a bounded
 * window of past changes for watch replay. Older versions than the window answer 410 Gone, as etcd
 * compaction does. The store is a {@link ClusterWriter}: the scenario engine writes to it.
 */
import { trimOldest } from '../model/trim-oldest';
import type { ContainerUsage, KubeObject, Pod } from './kube-types';
import { Ring } from './ring';
import type { ClusterAction, ClusterWriter } from './writer';

export type ResourceName = 'pods' | 'events' | 'nodes' | 'namespaces';
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  resource: ResourceName;
  rv: number;
  object: KubeObject;
}

export interface PodMetricsRecord {
  namespace: string;
  name: string;
  timestamp: string;
  window: string;
  containers: ContainerUsage[];
  /** The pod's labels when the sample was taken, for labelSelector on metrics lists. */
  labels: Record<string, string>;
}

export interface StoreOptions {
  historyWindow: number;
  /** Events kept before the oldest expire (the API server's event TTL, by count). */
  maxEvents?: number;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export class SimStore implements ClusterWriter {
  private rv = 1;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  private readonly history: Ring<Change>;
  private minValidRv = 0;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly metrics = new Map<string, PodMetricsRecord>();
  private readonly maxEvents: number;
  private metricsSource: ((namespace?: string) => PodMetricsRecord[]) | undefined;
  /** Keys per resource, sorted lazily: a list after a burst of creates sorts once, not per create. */
  private readonly sortedKeys = new Map<ResourceName, string[]>();
  private readonly unsorted = new Set<ResourceName>();

  constructor(options: StoreOptions) {
    this.history = new Ring<Change>(options.historyWindow);
    this.maxEvents = options.maxEvents ?? 20_000;
    for (const r of ['pods', 'events', 'nodes', 'namespaces'] as const) {
      this.objects.set(r, new Map());
      this.sortedKeys.set(r, []);
    }
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  apply(action: ClusterAction): void {
    switch (action.type) {
      case 'upsert-namespace':
        return this.put('namespaces', action.object);
      case 'upsert-node':
        return this.put('nodes', action.object);
      case 'create-pod':
        return this.put('pods', action.object);
      case 'upsert-event':
        this.put('events', action.object);
        return this.expireEvents();
      case 'bind-pod':
        return this.patchPod(action.namespace, action.name, (pod) => ({ ...pod, spec: { ...pod.spec, nodeName: action.nodeName } }));
      case 'replace-pod-status':
        return this.patchPod(action.namespace, action.name, (pod) => ({ ...pod, status: action.status }));
      case 'mark-pod-deleting':
        return this.patchPod(action.namespace, action.name, (pod) => ({
          ...pod,
          metadata: { ...pod.metadata, deletionTimestamp: action.deletionTimestamp, deletionGracePeriodSeconds: action.gracePeriodSeconds },
        }));
      case 'delete-pod':
        this.metrics.delete(keyOf(action.namespace, action.name));
        if (action.at !== undefined) this.shortenGrace(action.namespace, action.name, action.at);
        return this.remove('pods', keyOf(action.namespace, action.name));
      case 'set-pod-metrics': {
        const pod = this.get('pods', action.namespace, action.name);
        if (!pod) return;
        const { namespace, name, timestamp, window, containers } = action;
        this.metrics.set(keyOf(namespace, name), { namespace, name, timestamp, window, containers, labels: pod.metadata.labels ?? {} });
        return;
      }
    }
  }

  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(resource)?.get(keyOf(namespace, name));
  }

  /** Every object of a resource (optionally one namespace), sorted by namespace/name. */
  list(resource: ResourceName, namespace?: string): KubeObject[] {
    const map = this.objects.get(resource);
    if (!map) return [];
    if (this.unsorted.has(resource)) {
      this.sortedKeys.set(resource, [...map.keys()].sort());
      this.unsorted.delete(resource);
    }
    const keys = this.sortedKeys.get(resource) ?? [];
    const from = namespace === undefined ? 0 : lowerBound(keys, `${namespace}/`);
    const out: KubeObject[] = [];
    for (let i = from; i < keys.length; i++) {
      const key = keys[i] as string;
      if (namespace !== undefined && !key.startsWith(`${namespace}/`)) break;
      const object = map.get(key);
      if (object) out.push(object);
    }
    return out;
  }

  count(resource: ResourceName): number {
    return this.objects.get(resource)?.size ?? 0;
  }

  podMetrics(namespace?: string): PodMetricsRecord[] {
    const all = [...this.metrics.values()];
    const own = namespace === undefined ? all : all.filter((m) => m.namespace === namespace);
    return this.metricsSource ? [...own, ...this.metricsSource(namespace)] : own;
  }

  /** Adds metrics computed elsewhere on demand (the churn pods'). */
  setMetricsSource(source: (namespace?: string) => PodMetricsRecord[]): void {
    this.metricsSource = source;
  }

  /** Changes after `rv`, or `'gone'` when the window no longer reaches back that far. */
  changesSince(rv: number): Change[] | 'gone' {
    if (rv < this.minValidRv) return 'gone';
    const oldest = this.history.oldest();
    if (oldest && rv < oldest.rv - 1) return 'gone';
    return this.history.filter((c) => c.rv > rv);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the watch window: watches from any version before now get 410. */
  compact(): void {
    this.history.clear();
    this.minValidRv = this.rv;
  }

  /** A new resource-version history, as after an etcd restore: every old version is gone. */
  restart(): void {
    this.rv += 1_000_000;
    for (const map of this.objects.values()) for (const [key, object] of map) map.set(key, this.stamp(object));
    this.compact();
  }

  private put(resource: ResourceName, object: KubeObject): void {
    const map = this.objects.get(resource);
    if (!map) return;
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    this.record(map.has(key) ? 'MODIFIED' : 'ADDED', resource, key, object);
  }

  private patchPod(namespace: string, name: string, change: (pod: Pod) => Pod): void {
    const current = this.get('pods', namespace, name);
    if (!current) return;
    this.record('MODIFIED', 'pods', keyOf(namespace, name), change(current as Pod));
  }

  /**
   * A grace-0 delete of a pod marked for deletion with a longer grace period: the API server
   * updates it (MODIFIED) with `deletionTimestamp` = `at` and `deletionGracePeriodSeconds` = 0
   * before it deletes it, so the DELETED object carries them too.
   */
  private shortenGrace(namespace: string, name: string, at: string): void {
    const current = this.get('pods', namespace, name);
    const grace = current?.metadata.deletionGracePeriodSeconds;
    if (current?.metadata.deletionTimestamp === undefined || grace === undefined || grace <= 0) return;
    this.patchPod(namespace, name, (pod) => ({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: at, deletionGracePeriodSeconds: 0 } }));
  }

  private remove(resource: ResourceName, key: string): void {
    const map = this.objects.get(resource);
    const current = map?.get(key);
    if (!map || !current) return;
    map.delete(key);
    if (!this.unsorted.has(resource)) {
      const keys = this.sortedKeys.get(resource) ?? [];
      const at = lowerBound(keys, key);
      if (keys[at] === key) keys.splice(at, 1);
    }
    this.rv++;
    this.emit({ type: 'DELETED', resource, rv: this.rv, object: this.stamp(current) });
  }

  private record(type: ChangeType, resource: ResourceName, key: string, object: KubeObject): void {
    this.rv++;
    const stamped = this.stamp(object);
    const map = this.objects.get(resource);
    if (type === 'ADDED') this.unsorted.add(resource);
    map?.set(key, stamped);
    this.emit({ type, resource, rv: this.rv, object: stamped });
  }

  private stamp(object: KubeObject): KubeObject {
    return { ...object, metadata: { ...object.metadata, resourceVersion: String(this.rv) } };
  }

  private emit(change: Change): void {
    this.history.push(change);
    for (const listener of this.listeners) listener(change);
  }

  private expireEvents(): void {
    const events = this.objects.get('events');
    if (events) trimOldest(events, this.maxEvents, (oldest) => this.remove('events', oldest));
  }
}

/** The first index whose key is not below `key`. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
