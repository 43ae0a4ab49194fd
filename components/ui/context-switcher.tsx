'use client';
/**
 * The header's kubeconfig context switcher (local mode only): loads `GET /api/contexts`, posts the
 * choice, then revalidates every SWR key so no page keeps the previous cluster's pods.
 */
import { useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { ApiError, toApiError } from '@/lib/client/api-error';
import { CONTEXTS_PATH } from '@/lib/client/api-paths';
import { withBasePath } from '@/lib/client/base-path';
import { fetchJson, parseAnswer } from '@/lib/client/fetcher';
import { ENDPOINTS } from '@/lib/model/contract';
import type { ContextList } from '@/lib/model/views';
import { ContextSwitcherView } from './context-switcher-view';

/** Asks the server to switch; resolves to the new list or rejects with an {@link ApiError}. */
export async function requestContextSwitch(context: string): Promise<ContextList> {
  let response: Response;
  try {
    response = await fetch(withBasePath(CONTEXTS_PATH), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ context }),
    });
  } catch (cause) {
    throw new ApiError('unreachable', 'The dashboard server did not answer. Is it still running?', 0, { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, response.statusText, body);
  return parseAnswer(ENDPOINTS['/api/contexts'], body, CONTEXTS_PATH);
}

/** Renders nothing unless the server can switch contexts (kubeconfig mode). */
export function ContextSwitcher() {
  const { data } = useSWR<ContextList, ApiError>(CONTEXTS_PATH, (path: string) => fetchJson(path, ENDPOINTS['/api/contexts']), { revalidateOnFocus: false });
  const { mutate } = useSWRConfig();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!data?.switchable) return null;

  const onSwitch = (context: string) => {
    setBusy(true);
    setError(undefined);
    requestContextSwitch(context)
      .then(async (list) => {
        await mutate(CONTEXTS_PATH, list, { revalidate: false });
        // Drop every other cached answer (not just revalidate): the old cluster's pods must not linger.
        await mutate((key) => key !== CONTEXTS_PATH, undefined, { revalidate: true });
      })
      .catch((failure: unknown) => setError(failure instanceof ApiError ? failure.message : 'The switch failed.'))
      .finally(() => setBusy(false));
  };
  return <ContextSwitcherView key={data.current} current={data.current} contexts={data.contexts} busy={busy} error={error} onSwitch={onSwitch} />;
}
