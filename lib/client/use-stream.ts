'use client';
/**
 * The page's one live stream, as a React hook over {@link openStreamConnection}: batches go
 * straight into the SWR cache (summary, pod detail) or revalidate the visible list pages; the
 * returned links drive the live indicator. Call it once per page, in the page's container.
 */
import { useEffect, useState } from 'react';
import { useSWRConfig, type Cache, type ScopedMutator } from 'swr';
import { SUMMARY_PATH, isPodsPageKey, isWorkloadKey, podDetailPath, streamPath } from './api-paths';
import { withBasePath } from './base-path';
import { reduceLive, type LiveLink } from './live-status';
import { createListRefresher, type ListRefresher } from './list-refresh';
import type { StreamBatch } from './stream-batch';
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

function applyBatch(batch: StreamBatch, mutate: ScopedMutator, pod: PodRef, lists: ListRefresher) {
  if (batch.resync) {
    void mutate(() => true);
    return;
  }
  if (batch.summary) void mutate(SUMMARY_PATH, batch.summary, { revalidate: false });
  if (batch.pod && pod) void mutate(podDetailPath(pod.namespace, pod.name), batch.pod, { revalidate: false });
  if (batch.rowsChanged) lists.request();
  if (batch.rowsChanged && Date.now() - workloadRefreshedAt >= WORKLOAD_REFRESH_MS) {
    workloadRefreshedAt = Date.now();
    void mutate(isWorkloadKey);
  }
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
      onBatch: (batch) => applyBatch(batch, mutate, pod, lists),
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
