'use client';
/**
 * SWR hooks for the JSON endpoints, each answer parsed with its schema from the contract
 * (`lib/model/contract.ts`). They never poll: the page's one stream ({@link useStream}) patches
 * or revalidates them when something changes.
 */
import useSWR, { type SWRConfiguration } from 'swr';
import { ENDPOINTS } from '@/lib/model/contract';
import type { ClusterSummary, Facets, PodDetail, PodPage, SummaryHead } from '@/lib/model/views';
import type { LogTail, WorkloadDetail } from '@/lib/model/workload-view';
import type { ApiError } from './api-error';
import { FACETS_PATH, SUMMARY_HEAD_PATH, SUMMARY_PATH, podDetailPath, podLogsPath, workloadPath } from './api-paths';
import { fetchJson } from './fetcher';
import { withAt } from './time-travel';
import type { FindingsTimeline } from '@/lib/model/history-views';

const options: SWRConfiguration = { revalidateOnFocus: false, keepPreviousData: true };

/** The live summary, or with `at` the summary as it was then (never patched by the stream). */
export function useSummary(at?: number) {
  return useSWR<ClusterSummary, ApiError>(withAt(SUMMARY_PATH, at), (path: string) => fetchJson(path, ENDPOINTS['/api/summary']), options);
}

/** The live summary without its long lists: counts, status, metrics and history state. */
export function useSummaryHead() {
  return useSWR<SummaryHead, ApiError>(SUMMARY_HEAD_PATH, (path: string) => fetchJson(path, ENDPOINTS['/api/summary/head']), options);
}

export function useFacets() {
  return useSWR<Facets, ApiError>(FACETS_PATH, (path: string) => fetchJson(path, ENDPOINTS['/api/facets']), options);
}

export function usePodDetail(namespace: string, name: string, at?: number, uid?: string) {
  return useSWR<PodDetail, ApiError>(
    withAt(podDetailPath(namespace, name), at, { uid }),
    (path: string) => fetchJson(path, ENDPOINTS['/api/pods/{namespace}/{name}']),
    options,
  );
}

/** When each finding was raised and cleared in [from, to]; `null` to fetch nothing (history off). */
export function useFindingsTimeline(range: { from: number; to: number } | null) {
  const path = range ? `/api/findings/timeline?from=${Math.floor(range.from)}&to=${Math.floor(range.to)}` : null;
  return useSWR<FindingsTimeline, ApiError>(path, (key: string) => fetchJson(key, ENDPOINTS['/api/findings/timeline']), options);
}

/** One page of the pods list; `path` from `toPodsApiPath`. */
export function usePodPage(path: string | null) {
  return useSWR<PodPage, ApiError>(path, (key: string) => fetchJson(key, ENDPOINTS['/api/pods']), options);
}

/** One workload's replicas, durations, findings and advice, checked against its zod schema. */
export function useWorkload(namespace: string, kind: string, name: string) {
  return useSWR<WorkloadDetail, ApiError>(
    workloadPath(namespace, kind, name),
    (path: string) => fetchJson(path, ENDPOINTS['/api/workloads/{namespace}/{kind}/{name}']),
    { revalidateOnFocus: false, keepPreviousData: true },
  );
}

/** The previous run's log of one container; `enabled: false` fetches nothing (opened on demand). */
export function usePreviousLog(namespace: string, pod: string, container: string, enabled: boolean) {
  return useSWR<LogTail, ApiError>(
    enabled ? podLogsPath(namespace, pod, container) : null,
    (path: string) => fetchJson(path, ENDPOINTS['/api/pods/{namespace}/{name}/logs']),
    { revalidateOnFocus: false, revalidateIfStale: false },
  );
}
