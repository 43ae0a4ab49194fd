import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '@/lib/model/stream';
import { aPodDetail, aPodRow, aSummary } from '@/lib/model/testing/view-builders';
import { EMPTY_BATCH, foldMessage, isEmptyBatch } from './stream-batch';

const summary = (at: number) => aSummary({ at });
const delta = (seq: number, over: Partial<Extract<StreamMessage, { type: 'delta' }>> = {}): StreamMessage => ({
  type: 'delta',
  seq,
  upserts: [],
  removes: [],
  ...over,
});

const fold = (...messages: StreamMessage[]) => messages.reduce(foldMessage, EMPTY_BATCH);

describe('coalescing stream messages', () => {
  it('keeps the latest summary of several deltas', () => {
    const batch = fold(delta(1, { summary: summary(1) }), delta(2, { summary: summary(2) }), delta(3));
    expect(batch.summary).toEqual(summary(2));
    expect(batch.seq).toBe(3);
  });

  it('marks rows changed when a delta upserts or removes', () => {
    expect(fold(delta(1)).rowsChanged).toBe(false);
    expect(fold(delta(1, { upserts: [aPodRow()] })).rowsChanged).toBe(true);
    expect(fold(delta(1, { removes: ['a'] }), delta(2)).rowsChanged).toBe(true);
  });

  it('keeps the pod detail when a later delta has none', () => {
    const pod = aPodDetail();
    expect(fold(delta(1, { pod }), delta(2)).pod).toEqual(pod);
  });

  it('asks for a full refetch after a resync', () => {
    const batch = fold(delta(1), { type: 'resync', seq: 2, reason: 'buffer overflow' });
    expect([batch.resync, batch.rowsChanged]).toEqual([true, true]);
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
    expect(isEmptyBatch(fold(delta(4, { removes: ['x'] })))).toBe(false);
  });
});
