/**
 * A {@link ClusterWriter} backed by a real kube-apiserver: the simulated cluster's scenario engine
 * plays its actions against the real API as a scheduler and a kubelet would — create the Pod,
 * bind it (pods/binding), write `status` through the status subresource, delete it gracefully and
 * then for good, and create or replace core/v1 Events. `apply` is synchronous (the engine's
 * contract): actions are queued and sent one at a time in order; await {@link idle} after moving
 * the clock. Failures are kept in {@link failures}, never thrown into the engine.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterAction, ClusterWriter } from '@/lib/sim';
import { hasStatus, restClient, type RestClient } from './kube-rest';

/** One action the API server refused. */
export interface WriteFailure {
  action: ClusterAction['type'];
  target: string;
  message: string;
}

type Json = Record<string, unknown>;

const SERVER_OWNED_METADATA = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'generation',
  'selfLink',
];
const MERGE_PATCH = 'application/merge-patch+json';

function withoutServerFields(object: Json): Json {
  const metadata = { ...(object.metadata as Json) };
  for (const key of SERVER_OWNED_METADATA) delete metadata[key];
  const body: Json = { ...object, metadata };
  delete body.status;
  return body;
}

function podPath(namespace: string, name?: string): string {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

function targetOf(action: ClusterAction): string {
  if ('object' in action) return `${action.object.metadata.namespace ?? ''}/${action.object.metadata.name}`;
  return `${action.namespace}/${action.name}`;
}

/** Merge patch that makes `status` exactly `next`: keys `prev` had and `next` lacks become null. */
export function statusPatch(prev: Json | undefined, next: Json): Json {
  const status: Json = { ...next };
  for (const key of Object.keys(prev ?? {})) if (!(key in next)) status[key] = null;
  return { status };
}

export interface KubeWriterOptions {
  /** Prefixed to every namespace, so several plays can share one API server. */
  namespacePrefix?: string;
}

export class KubeClusterWriter implements ClusterWriter {
  readonly failures: WriteFailure[] = [];
  /** Actions sent, by type (set-pod-metrics is counted but has nowhere to go). */
  readonly counts = new Map<ClusterAction['type'], number>();
  /** Simulated pod uid → the uid the real API server gave the pod. */
  readonly uids = new Map<string, string>();
  private readonly rest: RestClient;
  private readonly statuses = new Map<string, Json>();
  private queue: Promise<void> = Promise.resolve();
  private readonly prefix: string;

  constructor(kc: KubeConfig, options: KubeWriterOptions = {}) {
    this.rest = restClient(kc);
    this.prefix = options.namespacePrefix ?? '';
  }

  private ns(namespace: string | undefined): string {
    return `${this.prefix}${namespace ?? 'default'}`;
  }

  apply(action: ClusterAction): void {
    this.counts.set(action.type, (this.counts.get(action.type) ?? 0) + 1);
    this.queue = this.queue.then(() =>
      this.send(action).catch((error: unknown) => {
        this.failures.push({ action: action.type, target: targetOf(action), message: error instanceof Error ? error.message : String(error) });
      }),
    );
  }

  /** Resolves once every queued action was sent. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async send(action: ClusterAction): Promise<void> {
    switch (action.type) {
      case 'upsert-namespace':
        return this.createIgnoringConflict('/api/v1/namespaces', {
          ...action.object,
          metadata: { ...action.object.metadata, name: this.ns(action.object.metadata.name), labels: {} },
        });
      case 'upsert-node':
        return this.createIgnoringConflict('/api/v1/nodes', action.object);
      case 'create-pod':
        return this.createPod(action.object);
      case 'bind-pod':
        await this.rest.request('POST', `${podPath(this.ns(action.namespace), action.name)}/binding`, {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: action.name, namespace: this.ns(action.namespace) },
          target: { apiVersion: 'v1', kind: 'Node', name: action.nodeName },
        });
        return;
      case 'replace-pod-status':
        return this.replaceStatus(this.ns(action.namespace), action.name, action.status as unknown as Json);
      case 'mark-pod-deleting':
        await this.rest.request('DELETE', podPath(this.ns(action.namespace), action.name), {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: action.gracePeriodSeconds,
        });
        return;
      case 'delete-pod':
        return this.deletePodNow(this.ns(action.namespace), action.name);
      case 'upsert-event':
        return this.upsertEvent(action.object);
      case 'set-pod-metrics':
        return;
    }
  }

  private async createIgnoringConflict(path: string, object: object): Promise<void> {
    try {
      await this.rest.request('POST', path, withoutServerFields(object as Json));
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
    }
  }

  private async createPod(pod: { metadata: { namespace?: string; name: string; uid: string } }): Promise<void> {
    const namespace = this.ns(pod.metadata.namespace);
    const body = withoutServerFields(pod as unknown as Json);
    body.metadata = { ...(body.metadata as Json), namespace };
    const created = (await this.rest.request('POST', podPath(namespace), body)) as { metadata?: { uid?: string }; status?: Json };
    if (created.metadata?.uid) this.uids.set(pod.metadata.uid, created.metadata.uid);
    this.statuses.set(`${namespace}/${pod.metadata.name}`, created.status ?? {});
  }

  private async replaceStatus(namespace: string, name: string, status: Json): Promise<void> {
    const key = `${namespace}/${name}`;
    await this.rest.request('PATCH', `${podPath(namespace, name)}/status`, statusPatch(this.statuses.get(key), status), MERGE_PATCH);
    this.statuses.set(key, status);
  }

  private async deletePodNow(namespace: string, name: string): Promise<void> {
    this.statuses.delete(`${namespace}/${name}`);
    try {
      await this.rest.request('DELETE', podPath(namespace, name), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  }

  private async upsertEvent(event: { metadata: { namespace?: string; name: string } }): Promise<void> {
    const body = withoutServerFields(event as unknown as Json);
    const involved = { ...(body.involvedObject as Json | undefined) };
    const realUid = typeof involved.uid === 'string' ? this.uids.get(involved.uid) : undefined;
    if (realUid) involved.uid = realUid;
    delete involved.resourceVersion;
    involved.namespace = this.ns(typeof involved.namespace === 'string' ? involved.namespace : event.metadata.namespace);
    body.involvedObject = involved;
    const namespace = this.ns(event.metadata.namespace);
    body.metadata = { ...(body.metadata as Json), namespace };
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
    try {
      await this.rest.request('POST', path, body);
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
      await this.rest.request('PUT', `${path}/${encodeURIComponent(event.metadata.name)}`, body);
    }
  }
}
