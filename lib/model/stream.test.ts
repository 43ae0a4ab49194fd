import { describe, expect, it } from 'vitest';
import { parseStreamMessage } from './stream';

describe('stream message parsing', () => {
  it('keeps the reason of a connected but degraded status, which the live indicator shows as "Live, limited"', () => {
    const status = { state: 'connected', since: 5, reason: 'events is forbidden' };
    expect(parseStreamMessage(JSON.stringify({ type: 'status', seq: 1, status }))).toEqual({ type: 'status', seq: 1, status });
  });

  it('turns anything that is not a stream message into undefined', () => {
    expect(parseStreamMessage('{"type":"status","seq":1,"status":{"state":"sideways"}}')).toBeUndefined();
    expect(parseStreamMessage('not json')).toBeUndefined();
  });
});
