/**
 * What the live indicator says, from two links: browser ↔ dashboard (the EventSource) and
 * dashboard ↔ cluster (the `status` the server streams). Pure: `now` is a parameter.
 */
import type { StreamStatus } from '@/lib/model/views';

export interface LiveLink {
  /** The EventSource: not yet open, open, or down (the browser retries). */
  link: 'connecting' | 'open' | 'down';
  /** When the link went down. */
  downSince?: number;
  /** When the last message arrived. */
  lastMessageAt?: number;
  /** The server's own view of its cluster connection. */
  server?: StreamStatus;
}

export type LiveTone = 'ok' | 'pending' | 'warn' | 'error';

export interface LiveLabel {
  tone: LiveTone;
  text: string;
  /** Longer explanation for the tooltip. */
  detail?: string;
  /** The time the label refers to ("since …"), epoch ms. */
  since?: number;
}

/** After this long without the stream, the data on screen is called stale. */
export const STALE_AFTER_MS = 30_000;

function fromServer(status: StreamStatus | undefined): LiveLabel {
  switch (status?.state) {
    case undefined:
    case 'connecting':
      return { tone: 'pending', text: 'Connecting' };
    case 'connected':
      // Connected but degraded (e.g. no RBAC grant for events or metrics): live, with a caveat.
      if (status.reason !== undefined) return { tone: 'warn', text: 'Live, limited', detail: status.reason, since: status.since };
      return { tone: 'ok', text: 'Live', since: status.since };
    case 'reconnecting':
      return { tone: 'warn', text: 'Cluster reconnecting', detail: status.reason, since: status.since };
    case 'stale':
      return { tone: 'warn', text: 'Stale', detail: status.reason, since: status.since };
    case 'forbidden':
      return { tone: 'error', text: 'Forbidden', detail: status.reason, since: status.since };
  }
}

/** What the stream connection reports. */
export type LiveEvent = { type: 'open' } | { type: 'batch'; at: number; status?: StreamStatus } | { type: 'error'; at: number; lastMessageAt?: number };

/**
 * The links after an event. Returns `prev` itself when nothing the indicator shows changed, so
 * a busy stream does not re-render the page: its data reaches components through the SWR cache.
 */
export function reduceLive(prev: LiveLink, event: LiveEvent): LiveLink {
  switch (event.type) {
    case 'open':
      return prev.link === 'open' ? prev : { ...prev, link: 'open', downSince: undefined };
    case 'batch':
      if (prev.link === 'open' && !event.status) return prev;
      return { link: 'open', lastMessageAt: event.at, server: event.status ?? prev.server };
    case 'error':
      return prev.link === 'down' ? prev : { ...prev, link: 'down', downSince: event.at, lastMessageAt: event.lastMessageAt ?? prev.lastMessageAt };
  }
}

/** The indicator's label for the current links at `now`. */
export function toLiveLabel(live: LiveLink, now: number): LiveLabel {
  if (live.link === 'connecting') return { tone: 'pending', text: 'Connecting' };
  if (live.link === 'down') {
    const since = live.downSince ?? now;
    if (now - since >= STALE_AFTER_MS) {
      return {
        tone: 'error',
        text: 'Stale',
        since: live.lastMessageAt ?? since,
        detail: 'The dashboard server is not answering; what you see may be out of date. Retrying.',
      };
    }
    return { tone: 'warn', text: 'Reconnecting', since, detail: 'Lost the live stream; retrying.' };
  }
  return fromServer(live.server);
}
