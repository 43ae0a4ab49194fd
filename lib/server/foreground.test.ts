import { afterEach, describe, expect, it } from 'vitest';
import { answering, answeringNow, giveWay } from './foreground';

/** Which of `promise` settles first: it, or `ms` of real time. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

const open: (() => void)[] = [];
afterEach(() => {
  for (const done of open.splice(0)) done();
});

function start(): () => void {
  const done = answering();
  open.push(done);
  return done;
}

describe('background slices give way to requests being answered', () => {
  it('yields one turn of the loop when no request is being answered', async () => {
    expect(answeringNow()).toBe(0);
    expect(await settlesWithin(giveWay(10_000), 20)).toBe(true);
  });

  it('waits while a request is being answered, and goes on once it is answered', async () => {
    const done = start();
    const waiting = giveWay(10_000);
    expect(await settlesWithin(waiting, 30)).toBe(false);
    done();
    expect(await settlesWithin(waiting, 20)).toBe(true);
  });

  it('waits for every request, counted once each however often its end is reported', async () => {
    const first = start();
    const second = start();
    expect(answeringNow()).toBe(2);
    const waiting = giveWay(10_000);
    first();
    first();
    expect(answeringNow()).toBe(1);
    expect(await settlesWithin(waiting, 30)).toBe(false);
    second();
    expect(answeringNow()).toBe(0);
    expect(await settlesWithin(waiting, 20)).toBe(true);
  });

  it('goes on after the longest wait even while requests keep coming', async () => {
    start();
    const waiting = giveWay(40);
    expect(await settlesWithin(waiting, 10)).toBe(false);
    expect(await settlesWithin(waiting, 200)).toBe(true);
    expect(answeringNow()).toBe(1);
  });
});
