'use client';
/**
 * The page's one live stream. Opens a single EventSource on `/api/stream`, parses every message
 * with `parseStreamMessage`, folds them into a batch and applies it at most every `flushMs`:
 * the summary and pod detail go straight into the SWR cache, changed rows revalidate the visible
 * pages of the pods list. Returns what the live indicator shows.
 */
import { useEffect, useState } from 'react';
import { useSWRConfig, type ScopedMutator } from 'swr';
import { parseStreamMessage } from '@/lib/model/stream';
import { SUMMARY_PATH, isPodsPageKey, podDetailPath, streamPath } from './api-paths';
import { withBasePath } from './base-path';
import type { LiveLink } from './live-status';
import { EMPTY_BATCH, foldMessage, isEmptyBatch, type StreamBatch } from './stream-batch';

export interface StreamOptions {
  /** Subscribe to one pod's detail too. */
  pod?: { namespace: string; name: string };
  /** Apply changes at most this often. */
  flushMs?: number;
}

const RETRY_CLOSED_MS = 5_000;

function applyBatch(batch: StreamBatch, mutate: ScopedMutator, pod: StreamOptions['pod']) {
  if (batch.resync) {
    void mutate(() => true);
    return;
  }
  if (batch.summary) void mutate(SUMMARY_PATH, batch.summary, { revalidate: false });
  if (batch.pod && pod) void mutate(podDetailPath(pod.namespace, pod.name), batch.pod, { revalidate: false });
  if (batch.rowsChanged) void mutate(isPodsPageKey);
}

/** Opens the page's stream; call once per page, in the page's container. */
export function useStream(options: StreamOptions = {}): LiveLink {
  const { mutate } = useSWRConfig();
  const [live, setLive] = useState<LiveLink>({ link: 'connecting' });
  const namespace = options.pod?.namespace;
  const name = options.pod?.name;
  const flushMs = options.flushMs ?? 500;

  useEffect(() => {
    const pod = namespace !== undefined && name !== undefined ? { namespace, name } : undefined;
    let batch = EMPTY_BATCH;
    let hasHello = false;
    let lastMessageAt: number | undefined;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const flush = setInterval(() => {
      if (isEmptyBatch(batch)) return;
      const current = batch;
      batch = EMPTY_BATCH;
      applyBatch(current, mutate, pod);
      lastMessageAt = Date.now();
      // Only a change of link or server status re-renders the page; data changes go through SWR.
      setLive((prev) => (prev.link === 'open' && !current.status ? prev : { link: 'open', lastMessageAt, server: current.status ?? prev.server }));
    }, flushMs);

    const open = () => {
      source = new EventSource(withBasePath(streamPath(pod)));
      source.onopen = () => setLive((prev) => (prev.link === 'open' ? prev : { ...prev, link: 'open', downSince: undefined }));
      source.onmessage = (event: MessageEvent<string>) => {
        const message = parseStreamMessage(event.data);
        if (!message) return;
        batch = foldMessage(batch, message);
        if (message.type === 'hello') {
          if (hasHello) batch = { ...batch, resync: true };
          hasHello = true;
        }
      };
      source.onerror = () => {
        setLive((prev) => (prev.link === 'down' ? prev : { ...prev, link: 'down', downSince: Date.now(), lastMessageAt }));
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(open, RETRY_CLOSED_MS);
        }
      };
    };
    open();
    return () => {
      clearInterval(flush);
      clearTimeout(retry);
      source?.close();
    };
  }, [mutate, namespace, name, flushMs]);

  return live;
}
