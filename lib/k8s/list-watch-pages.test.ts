import { afterEach, describe, expect, it } from 'vitest';
import { startListWatch, type ListWatchHandle, type ListWatchSink } from './list-watch';
import { ManualClock } from '../sim/clock';
import { FakeApi, aRawPod, settle } from './testing/fake-api';

let handle: ListWatchHandle | undefined;
afterEach(async () => {
  handle?.stop();
  await handle?.done;
  handle = undefined;
});

const nameOf = (object: unknown) => (object as { metadata: { name: string } }).metadata.name;

/** A sink taking lists page by page; each page stays "being applied" until the test releases it. */
function pagedSink() {
  const pages: string[][] = [];
  const release: (() => void)[] = [];
  let ends = 0;
  let lists = 0;
  const sink: ListWatchSink = {
    onList: () => {
      lists += 1;
    },
    pagedList: () => ({
      page: (items) =>
        new Promise<void>((resolve) => {
          pages.push(items.map(nameOf));
          release.push(resolve);
        }),
      end: () => {
        ends += 1;
      },
    }),
    onEvent: () => {},
    onStatus: () => {},
  };
  return { sink, pages, release, ends: () => ends, lists: () => lists };
}

describe('startListWatch, a list taken page by page', () => {
  it('requests the next page while the sink is still applying the current one, and ends the list once', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 5; i += 1) api.put(aRawPod('default', `p${i}`));
    const paged = pagedSink();
    handle = startListWatch({ transport: api, clock: new ManualClock(undefined, { instantDelays: true }), path: '/api/v1/pods', pageSize: 2 }, paged.sink);
    await settle();
    // Page 1 is with the sink, unfinished; page 2 is already on its way.
    expect(paged.pages).toEqual([['p0', 'p1']]);
    expect(api.calls.list).toBe(2);
    paged.release.shift()?.();
    await settle();
    expect(paged.pages).toEqual([
      ['p0', 'p1'],
      ['p2', 'p3'],
    ]);
    expect(api.calls.list).toBe(3);
    paged.release.shift()?.();
    await settle();
    expect(paged.ends()).toBe(0);
    paged.release.shift()?.();
    await settle();
    expect(paged.pages.flat()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(paged.ends()).toBe(1);
    expect(paged.lists()).toBe(0);
    expect(api.calls.list).toBe(3);
  });

  it('does not end a list that was stopped half-way (the pods it did not reach are not deleted)', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 4; i += 1) api.put(aRawPod('default', `p${i}`));
    const paged = pagedSink();
    handle = startListWatch({ transport: api, clock: new ManualClock(undefined, { instantDelays: true }), path: '/api/v1/pods', pageSize: 2 }, paged.sink);
    await settle();
    handle.stop();
    paged.release.shift()?.();
    await handle.done;
    expect(paged.ends()).toBe(0);
    expect(paged.lists()).toBe(0);
  });
});
