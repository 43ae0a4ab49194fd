import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, reduceLive, toLiveLabel, type LiveLink } from './live-status';

const now = 1_000_000;

describe('live indicator label', () => {
  it.each<[string, LiveLink, { tone: string; text: string; since?: number }]>([
    ['waits while the stream opens', { link: 'connecting' }, { tone: 'pending', text: 'Connecting' }],
    ['is live when both links are up', { link: 'open', server: { state: 'connected', since: 5 } }, { tone: 'ok', text: 'Live', since: 5 }],
    [
      'is live with a caveat when the server is connected but lacks a grant',
      { link: 'open', server: { state: 'connected', since: 6, reason: 'missing RBAC permission: list events' } },
      { tone: 'warn', text: 'Live, limited', since: 6 },
    ],
    [
      'reports the cluster reconnecting even when the browser link is up',
      { link: 'open', server: { state: 'reconnecting', since: 7, reason: 'watch failed' } },
      { tone: 'warn', text: 'Cluster reconnecting', since: 7 },
    ],
    ['shows forbidden as an error', { link: 'open', server: { state: 'forbidden', since: 8, reason: 'RBAC' } }, { tone: 'error', text: 'Forbidden' }],
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

describe('live links after a stream event', () => {
  const open: LiveLink = { link: 'open', lastMessageAt: 5, server: { state: 'connected', since: 1 } };

  it('keeps the same object for a batch without news, so nothing re-renders', () => {
    expect(reduceLive(open, { type: 'batch', at: 9 })).toBe(open);
  });

  it('takes a new server status from a batch', () => {
    const next = reduceLive(open, { type: 'batch', at: 9, status: { state: 'stale', since: 8, reason: 'r' } });
    expect(next).toEqual({ link: 'open', lastMessageAt: 9, server: { state: 'stale', since: 8, reason: 'r' } });
  });

  it('marks the link down once, keeping the first time it went down', () => {
    const down = reduceLive(open, { type: 'error', at: 20, lastMessageAt: 15 });
    expect(down).toMatchObject({ link: 'down', downSince: 20, lastMessageAt: 15 });
    expect(reduceLive(down, { type: 'error', at: 40 })).toBe(down);
  });

  it('is open again after a batch following an outage', () => {
    const down: LiveLink = { link: 'down', downSince: 20 };
    expect(reduceLive(down, { type: 'batch', at: 30 })).toMatchObject({ link: 'open', lastMessageAt: 30 });
  });
});
