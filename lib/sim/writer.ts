/**
 * What the scenario engine does to a cluster, as data. The sim's in-memory store applies these;
 * a writer backed by a real kube-apiserver (create / replace status / delete through client-node)
 * can apply the same stream, which is why the engine never touches the store directly.
 *
 * Notes for a real-API writer: `create-pod` objects may already carry a `status` (the churn
 * generator's pods are born Running): create, then replace the status. `bind-pod` maps to the
 * `pods/binding` subresource, `replace-pod-status` to `pods/status`, `mark-pod-deleting` to a
 * delete with `gracePeriodSeconds`, `delete-pod` to a delete with grace 0. `set-pod-metrics` has
 * no write API on a real cluster (metrics-server scrapes kubelets): a real writer drops it.
 */
import type { ContainerUsage, KubeObject, Pod, PodStatus } from './kube-types';

export type ClusterAction =
  | { type: 'upsert-namespace'; object: KubeObject }
  | { type: 'upsert-node'; object: KubeObject }
  | { type: 'create-pod'; object: Pod }
  /** The scheduler's binding: sets `spec.nodeName`. */
  | { type: 'bind-pod'; namespace: string; name: string; nodeName: string }
  /** The kubelet's status update: replaces `status` wholesale. */
  | { type: 'replace-pod-status'; namespace: string; name: string; status: PodStatus }
  /** A graceful delete: sets `deletionTimestamp` and `deletionGracePeriodSeconds`. */
  | { type: 'mark-pod-deleting'; namespace: string; name: string; deletionTimestamp: string; gracePeriodSeconds: number }
  /**
   * A delete with grace period 0: the kubelet's final one once every container has stopped, or an
   * immediate delete. `at` is when it happens: on a pod already marked for deletion with a longer
   * grace period, the API server first rewrites `deletionTimestamp` to it and
   * `deletionGracePeriodSeconds` to 0 (`BeforeDelete`,
   * https://github.com/kubernetes/apiserver/blob/v0.34.4/pkg/registry/rest/delete.go).
   */
  | { type: 'delete-pod'; namespace: string; name: string; at?: string }
  /** Create an Event, or replace it when one of that name exists (count / lastTimestamp bumps). */
  | { type: 'upsert-event'; object: KubeObject }
  | { type: 'set-pod-metrics'; namespace: string; name: string; timestamp: string; window: string; containers: ContainerUsage[] };

/** Anything that can apply {@link ClusterAction}s: the in-memory store, or a real API server. */
export interface ClusterWriter {
  apply(action: ClusterAction): void;
}

/** A writer that records actions: for tests, and to fan one engine out to several writers. */
export class RecordingWriter implements ClusterWriter {
  readonly actions: ClusterAction[] = [];
  apply(action: ClusterAction): void {
    this.actions.push(action);
  }
}
