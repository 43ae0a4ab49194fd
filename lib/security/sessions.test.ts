import { describe, expect, it } from 'vitest';
import { createSessionStore } from './sessions';

const TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('sessions', () => {
  it('gives every sign-in its own cookie, none containing the token', () => {
    const store = createSessionStore();
    const first = store.issue(TOKEN, T0);
    const second = store.issue(TOKEN, T0);
    expect(first).not.toBe(second);
    expect(first).not.toContain(TOKEN);
    expect(store.isValid(first, TOKEN, T0)).toBe(true);
    expect(store.isValid(second, TOKEN, T0)).toBe(true);
  });

  it('expires a session on the server after its lifetime, whatever the cookie says', () => {
    const store = createSessionStore({ maxAgeMs: 12 * HOUR });
    const cookie = store.issue(TOKEN, T0);
    expect(store.isValid(cookie, TOKEN, T0 + 12 * HOUR - 1000)).toBe(true);
    expect(store.isValid(cookie, TOKEN, T0 + 12 * HOUR)).toBe(false);
  });

  it('refuses a cookie whose issue time was moved forward to extend it', () => {
    const store = createSessionStore({ maxAgeMs: 12 * HOUR });
    const [v, id, issued, mac] = store.issue(TOKEN, T0).split('.');
    const extended = [v, id, String(Number(issued) + 11 * 3600), mac].join('.');
    expect(store.isValid(extended, TOKEN, T0 + 13 * HOUR)).toBe(false);
  });

  it('ends only the signed-out session, and every session when the token rotates', () => {
    const store = createSessionStore();
    const mine = store.issue(TOKEN, T0);
    const theirs = store.issue(TOKEN, T0);
    store.revoke(mine, TOKEN, T0 + 1000);
    expect(store.isValid(mine, TOKEN, T0 + 2000)).toBe(false);
    expect(store.isValid(theirs, TOKEN, T0 + 2000)).toBe(true);
    expect(store.isValid(theirs, `${TOKEN}-rotated`, T0 + 2000)).toBe(false);
  });

  it.each([undefined, '', TOKEN, 'v2.a.b.c', 'v2.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.1.x.y'])('refuses the forged cookie %j', (cookie) => {
    expect(createSessionStore().isValid(cookie, TOKEN, T0)).toBe(false);
  });

  it('remembers at most maxRevoked sign-outs', () => {
    const store = createSessionStore({ maxRevoked: 3 });
    for (let i = 0; i < 10; i += 1) store.revoke(store.issue(TOKEN, T0 + i), TOKEN, T0 + i);
    expect(store.revokedCount()).toBe(3);
  });
});
