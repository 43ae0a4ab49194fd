import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, toLiveLabel, type LiveLink } from './live-status';

const now = 1_000_000;

describe('live indicator label', () => {
  it.each<[string, LiveLink, { tone: string; text: string; since?: number }]>([
    ['waits while the stream opens', { link: 'connecting' }, { tone: 'pending', text: 'Connecting' }],
    ['is live when both links are up', { link: 'open', server: { state: 'connected', since: 5 } }, { tone: 'ok', text: 'Live', since: 5 }],
    [
      'reports the cluster reconnecting even when the browser link is up',
      { link: 'open', server: { state: 'reconnecting', since: 7, reason: 'watch failed' } },
      { tone: 'warn', text: 'Cluster reconnecting', since: 7 },
    ],
    [
      'shows forbidden as an error',
      { link: 'open', server: { state: 'forbidden', since: 8, reason: 'RBAC' } },
      { tone: 'error', text: 'Forbidden' },
    ],
    ['says reconnecting right after the link drops', { link: 'down', downSince: now - 1000 }, { tone: 'warn', text: 'Reconnecting', since: now - 1000 }],
    [
      'says stale since the last message once the link has been down long',
      { link: 'down', downSince: now - STALE_AFTER_MS, lastMessageAt: now - STALE_AFTER_MS - 500 },
      { tone: 'error', text: 'Stale', since: now - STALE_AFTER_MS - 500 },
    ],
  ])('%s', (_, live, expected) => {
    expect(toLiveLabel(live, now)).toMatchObject(expected);
  });
});
