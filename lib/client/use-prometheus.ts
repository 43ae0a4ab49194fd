'use client';
/**
 * The pod page's history from Prometheus (`/api/pods/{ns}/{name}/prometheus`). Unlike the other
 * hooks it refreshes on a timer: the live stream carries the cluster's changes, not Prometheus'
 * samples. The server caches each pod's view for up to 15 s, so extra tabs cost no extra queries.
 */
import useSWR from 'swr';
import { ENDPOINTS } from '@/lib/model/contract';
import type { PodPrometheusView } from '@/lib/model/prometheus-views';
import type { ApiError } from './api-error';
import { podDetailPath } from './api-paths';
import { fetchJson } from './fetcher';

export const PROMETHEUS_REFRESH_MS = 30_000;

export function usePodPrometheus(namespace: string, name: string) {
  return useSWR<PodPrometheusView, ApiError>(
    `${podDetailPath(namespace, name)}/prometheus`,
    (path: string) => fetchJson(path, ENDPOINTS['/api/pods/{namespace}/{name}/prometheus']),
    { revalidateOnFocus: false, keepPreviousData: true, refreshInterval: PROMETHEUS_REFRESH_MS },
  );
}
