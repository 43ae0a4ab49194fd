/** App paths of the dashboard's API, used as SWR keys; {@link withBasePath} turns them into URLs. */
import type { ENDPOINTS } from '@/lib/model/contract';

type Endpoint = keyof typeof ENDPOINTS;

export const SUMMARY_PATH = '/api/summary' satisfies Endpoint;
export const SUMMARY_HEAD_PATH = '/api/summary/head' satisfies Endpoint;
export const FACETS_PATH = '/api/facets' satisfies Endpoint;
export const CONTEXTS_PATH = '/api/contexts' satisfies Endpoint;
export const PODS_PATH_PREFIX = '/api/pods?';

export function podDetailPath(namespace: string, name: string): string {
  return `/api/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export function streamPath(pod?: { namespace: string; name: string }): string {
  return pod ? `/api/stream?pod=${encodeURIComponent(`${pod.namespace}/${pod.name}`)}` : '/api/stream';
}

/** True for the SWR keys of pods list pages. */
export function isPodsPageKey(key: unknown): boolean {
  return typeof key === 'string' && key.startsWith(PODS_PATH_PREFIX);
}

export const WORKLOAD_PATH_PREFIX = '/api/workloads/';

export function workloadPath(namespace: string, kind: string, name: string): string {
  return `${WORKLOAD_PATH_PREFIX}${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
}

/** True for the SWR keys of workload pages. */
export function isWorkloadKey(key: unknown): boolean {
  return typeof key === 'string' && key.startsWith(WORKLOAD_PATH_PREFIX);
}

export function podLogsPath(namespace: string, name: string, container: string): string {
  return `/api/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/logs?container=${encodeURIComponent(container)}`;
}
