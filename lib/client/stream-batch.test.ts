import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '@/lib/model/stream';
import { aPodDetail, aSummary } from '@/lib/model/testing/view-builders';
import { EMPTY_BATCH, MAX_TRACKED_UIDS, foldMessage, hasRowChanges, isEmptyBatch } from './stream-batch';

const summary = (at: number) => aSummary({ at });
const delta = (seq: number, over: Partial<Extract<StreamMessage, { type: 'delta' }>> = {}): StreamMessage => ({
  type: 'delta',
  seq,
  changed: [],
  removed: [],
  listChanged: false,
  ...over,
});

const fold = (...messages: StreamMessage[]) => messages.reduce(foldMessage, EMPTY_BATCH);

describe('coalescing stream messages', () => {
  it('keeps the latest summary of several deltas', () => {
    const batch = fold(delta(1, { summary: summary(1) }), delta(2, { summary: summary(2) }), delta(3));
    expect(batch.summary).toEqual(summary(2));
    expect(batch.seq).toBe(3);
  });

  it('collects the uids of changed and removed pods across deltas', () => {
    expect(hasRowChanges(fold(delta(1)))).toBe(false);
    const batch = fold(delta(1, { changed: ['a'] }), delta(2, { removed: ['b'] }), delta(3));
    expect(batch).toMatchObject({ changed: ['a', 'b'], listChanged: false });
    expect(hasRowChanges(batch)).toBe(true);
  });

  it('keeps "the list changed" once any delta said so, and stops naming uids then', () => {
    expect(fold(delta(1, { listChanged: true }), delta(2, { changed: ['a'] }))).toMatchObject({ changed: [], listChanged: true });
  });

  it('gives up naming uids past the bound and calls the whole list changed', () => {
    const many = Array.from({ length: MAX_TRACKED_UIDS }, (_, i) => `u${i}`);
    expect(fold(delta(1, { changed: many }), delta(2, { changed: ['x'] }))).toMatchObject({ changed: [], listChanged: true });
  });

  it('keeps the pod detail when a later delta has none', () => {
    const pod = aPodDetail();
    expect(fold(delta(1, { pod }), delta(2)).pod).toEqual(pod);
  });

  it('asks for a full refetch after a resync', () => {
    const batch = fold(delta(1), { type: 'resync', seq: 2, reason: 'buffer overflow' });
    expect([batch.resync, batch.listChanged]).toEqual([true, true]);
  });

  it('takes the status of hello and status messages, the later winning', () => {
    const batch = fold(
      { type: 'hello', seq: 0, status: { state: 'connected', since: 5 }, summary: summary(0) },
      { type: 'status', seq: 1, status: { state: 'stale', since: 9, reason: 'watch ended' } },
    );
    expect(batch.status).toEqual({ state: 'stale', since: 9, reason: 'watch ended' });
  });

  it('calls a batch empty only when there is nothing to apply', () => {
    expect(isEmptyBatch(EMPTY_BATCH)).toBe(true);
    expect(isEmptyBatch(fold(delta(4)))).toBe(true);
    expect(isEmptyBatch(fold(delta(4, { removed: ['x'] })))).toBe(false);
  });
});
