'use client';
/**
 * SWR hooks for the JSON endpoints. They never poll: the page's one stream ({@link useStream})
 * patches or revalidates them when something changes.
 */
import useSWR, { type SWRConfiguration } from 'swr';
import type { ClusterSummary, PodDetail, PodPage } from '@/lib/model/views';
import { parseLogTail, parseWorkloadDetail, type LogTail, type WorkloadDetail } from '@/lib/model/workload-view';
import { ApiError } from './api-error';
import { FACETS_PATH, SUMMARY_PATH, podDetailPath, podLogsPath, workloadPath } from './api-paths';
import { fetchJson } from './fetcher';

export interface Facets {
  namespaces: string[];
  workloads: { namespace: string; kind: string; name: string }[];
}

const options: SWRConfiguration = { fetcher: fetchJson, revalidateOnFocus: false, keepPreviousData: true };

export function useSummary() {
  return useSWR<ClusterSummary, ApiError>(SUMMARY_PATH, options);
}

export function useFacets() {
  return useSWR<Facets, ApiError>(FACETS_PATH, options);
}

export function usePodDetail(namespace: string, name: string) {
  return useSWR<PodDetail, ApiError>(podDetailPath(namespace, name), options);
}

/** One page of the pods list; `path` from `toPodsApiPath`. */
export function usePodPage(path: string | null) {
  return useSWR<PodPage, ApiError>(path, options);
}

async function fetchParsed<T>(path: string, parse: (body: unknown) => T | undefined): Promise<T> {
  const parsed = parse(await fetchJson<unknown>(path));
  if (parsed === undefined) throw new ApiError('bad-response', 'The server answered something that is not what this page expects. Reload the page.', 0);
  return parsed;
}

/** One workload's replicas, durations, findings and advice, checked against its zod schema. */
export function useWorkload(namespace: string, kind: string, name: string) {
  return useSWR<WorkloadDetail, ApiError>(workloadPath(namespace, kind, name), (path: string) => fetchParsed(path, parseWorkloadDetail), { revalidateOnFocus: false, keepPreviousData: true });
}

/** The previous run's log of one container; `enabled: false` fetches nothing (opened on demand). */
export function usePreviousLog(namespace: string, pod: string, container: string, enabled: boolean) {
  return useSWR<LogTail, ApiError>(enabled ? podLogsPath(namespace, pod, container) : null, (path: string) => fetchParsed(path, parseLogTail), { revalidateOnFocus: false, revalidateIfStale: false });
}
