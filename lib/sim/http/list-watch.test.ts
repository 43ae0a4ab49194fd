import { describe, expect, it } from 'vitest';
import { bufferedLiveBytes } from './list-watch';

describe('bufferedLiveBytes', () => {
  it.each([
    // A 60 MB replay still unread, 1 MB of live changes after it: the watcher is 1 MB behind.
    { buffered: 61e6, live: 1e6, expected: 1e6 },
    // The replay read, 40 MB of the live changes not: 40 MB behind.
    { buffered: 40e6, live: 500e6, expected: 40e6 },
    // Nothing live written yet: nothing counts, however large the replay.
    { buffered: 90e6, live: 0, expected: 0 },
    // Everything read.
    { buffered: 0, live: 7e6, expected: 0 },
  ])('$buffered bytes buffered, $live written live: $expected of them are live', ({ buffered, live, expected }) => {
    expect(bufferedLiveBytes(buffered, live)).toBe(expected);
  });
});
