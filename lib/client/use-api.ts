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
import { withAt } from './time-travel';
import type { FindingsTimeline } from '@/lib/model/history-views';

export interface Facets {
  namespaces: string[];
  workloads: { namespace: string; kind: string; name: string }[];
}

const options: SWRConfiguration = { fetcher: fetchJson, revalidateOnFocus: false, keepPreviousData: true };

/** The live summary, or with `at` the summary as it was then (never patched by the stream). */
export function useSummary(at?: number) {
  return useSWR<ClusterSummary, ApiError>(withAt(SUMMARY_PATH, at), options);
}

export function useFacets() {
  return useSWR<Facets, ApiError>(FACETS_PATH, options);
}

export function usePodDetail(namespace: string, name: string, at?: number, uid?: string) {
  return useSWR<PodDetail, ApiError>(withAt(podDetailPath(namespace, name), at, { uid }), options);
}

/** When each finding was raised and cleared in [from, to]; `null` to fetch nothing (history off). */
export function useFindingsTimeline(range: { from: number; to: number } | null) {
  const path = range ? `/api/findings/timeline?from=${Math.floor(range.from)}&to=${Math.floor(range.to)}` : null;
  return useSWR<FindingsTimeline, ApiError>(path, options);
}

/** One page of the pods list; `path` from `toPodsApiPath`. */
export function usePodPage(path: string | null) {
  return useSWR<PodPage, ApiError>(path, options);
}
