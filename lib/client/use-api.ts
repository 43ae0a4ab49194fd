'use client';
/**
 * SWR hooks for the JSON endpoints. They never poll: the page's one stream ({@link useStream})
 * patches or revalidates them when something changes.
 */
import useSWR, { type SWRConfiguration } from 'swr';
import type { ClusterSummary, PodDetail, PodPage } from '@/lib/model/views';
import type { ApiError } from './api-error';
import { FACETS_PATH, SUMMARY_PATH, podDetailPath } from './api-paths';
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
