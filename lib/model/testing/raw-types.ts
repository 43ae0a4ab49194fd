/**
 * Loose shapes of the raw Kubernetes objects the builders produce. Deliberately open (index
 * signatures): they describe what the builders write, not the full API, and `toPodDigest`
 * reads them as `unknown` anyway.
 */
import type { OwnerReference } from '../../sim/kube-types';

export interface RawProbe {
  [handler: string]: unknown;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}

export interface RawContainer {
  [field: string]: unknown;
  name: string;
  image: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  startupProbe?: RawProbe;
  readinessProbe?: RawProbe;
  livenessProbe?: RawProbe;
}

export type RawContainerState =
  { waiting: { reason: string; message?: string } } | { running: { startedAt: string } } | { terminated: Record<string, unknown> } | Record<string, never>;

export interface RawContainerStatus {
  [field: string]: unknown;
  name: string;
  state: RawContainerState;
  lastState: RawContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
}

export interface RawCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
}

/** A controller's owner reference, as the simulated cluster writes it too. */
export type RawOwnerReference = OwnerReference;

export interface RawPod {
  [field: string]: unknown;
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: Record<string, unknown> & { name: string; namespace: string; uid?: string };
  spec: Record<string, unknown> & { containers: RawContainer[]; initContainers?: RawContainer[] };
  status: Record<string, unknown>;
}
