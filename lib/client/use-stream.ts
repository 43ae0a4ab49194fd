'use client';
/**
 * The page's one live stream, as a React hook over {@link openStreamConnection}: batches go
 * straight into the SWR cache (summary head, pod detail) or revalidate the list pages they affect; the
 * returned links drive the live indicator. Call it once per page, in the page's container.
 */
import { useEffect, useState } from 'react';
import { useSWRConfig, type Cache, type ScopedMutator } from 'swr';
import type { ClusterSummary, PodPage, SummaryHead } from '@/lib/model/views';
import { SUMMARY_HEAD_PATH, SUMMARY_PATH, isPodsPageKey, isWorkloadKey, podDetailPath, streamPath } from './api-paths';
import { withBasePath } from './base-path';
import { reduceLive, type LiveLink } from './live-status';
import { createListRefresher, type ListRefresher } from './list-refresh';
import { isPageAffected } from './page-affected';
import { hasRowChanges, type StreamBatch } from './stream-batch';
import { openStreamConnection, type Timers } from './stream-connection';

export interface StreamOptions {
  /** Subscribe to one pod's detail too. */
  pod?: { namespace: string; name: string };
  /** Apply changes at most this often. */
  flushMs?: number;
}

type PodRef = StreamOptions['pod'];

/** A workload page derives every replica's lifecycle: refetched on changed rows, at most this often. */
const WORKLOAD_REFRESH_MS = 3_000;
let workloadRefreshedAt = 0;
/** The overview's workload and troubled lists are not streamed: refetched at most this often. */
const SUMMARY_REFRESH_MS = 3_000;
let summaryRefreshedAt = 0;

function applySummary(head: SummaryHead, mutate: ScopedMutator) {
  void mutate(SUMMARY_HEAD_PATH, head, { revalidate: false });
  void mutate<ClusterSummary>(SUMMARY_PATH, (current) => (current ? { ...current, ...head } : current), { revalidate: false });
  if (Date.now() - summaryRefreshedAt >= SUMMARY_REFRESH_MS) {
    summaryRefreshedAt = Date.now();
    void mutate(SUMMARY_PATH);
  }
}

function applyBatch(batch: StreamBatch, mutate: ScopedMutator, cache: Cache, pod: PodRef, lists: ListRefresher) {
  if (batch.resync) {
    void mutate(() => true);
    return;
  }
  if (batch.summary) applySummary(batch.summary, mutate);
  if (batch.pod && pod) void mutate(podDetailPath(pod.namespace, pod.name), batch.pod, { revalidate: false });
  if (!hasRowChanges(batch)) return;
  if (hasAffectedPage(cache, batch)) lists.request();
  if (Date.now() - workloadRefreshedAt >= WORKLOAD_REFRESH_MS) {
    workloadRefreshedAt = Date.now();
    void mutate(isWorkloadKey);
  }
}

function hasAffectedPage(cache: Cache, batch: StreamBatch): boolean {
  for (const key of cache.keys()) {
    if (isPodsPageKey(key) && isPageAffected(key, cache.get(key)?.data as PodPage | undefined, batch)) return true;
  }
  return false;
}

const browserTimers: Timers = {
  setInterval: (fn, ms) => window.setInterval(fn, ms),
  clearInterval: (handle) => window.clearInterval(handle as number),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

/** Opens the page's stream and returns what the live indicator shows. */
export function useStream(options: StreamOptions = {}): LiveLink {
  const { mutate, cache } = useSWRConfig();
  const [live, setLive] = useState<LiveLink>({ link: 'connecting' });
  const namespace = options.pod?.namespace;
  const name = options.pod?.name;
  const flushMs = options.flushMs ?? 500;

  useEffect(() => {
    const pod = namespace !== undefined && name !== undefined ? { namespace, name } : undefined;
    const lists = createListRefresher({ isBusy: () => isListLoading(cache), revalidate: () => void mutate(isPodsPageKey), timers: browserTimers });
    const close = openStreamConnection({
      url: withBasePath(streamPath(pod)),
      flushMs,
      onBatch: (batch) => applyBatch(batch, mutate, cache, pod, lists),
      onLive: (event) => setLive((prev) => reduceLive(prev, event)),
      createSource: (url) => new EventSource(url),
      timers: browserTimers,
      now: () => Date.now(),
    });
    return () => {
      lists.dispose();
      close();
    };
  }, [mutate, cache, namespace, name, flushMs]);

  return live;
}

function isListLoading(cache: Cache): boolean {
  for (const key of cache.keys()) if (isPodsPageKey(key) && cache.get(key)?.isValidating) return true;
  return false;
}
