import { describe, expect, it } from 'vitest';
import { describeTokenProblem, isSameSecret, readBearerToken } from './token';

const TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';

describe('isSameSecret', () => {
  it.each([
    ['the same token', TOKEN, true],
    ['a token differing in the last character', `${TOKEN.slice(0, -1)}1`, false],
    ['a prefix of the token', TOKEN.slice(0, 8), false],
    ['the token with a suffix', `${TOKEN}x`, false],
    ['an empty string', '', false],
    ['no token at all', undefined, false],
  ])('accepts only the exact token: %s', (_, presented, expected) => {
    expect(isSameSecret(presented, TOKEN)).toBe(expected);
  });

  it('never matches when no token is expected', () => {
    expect(isSameSecret('', '')).toBe(false);
  });
});

describe('readBearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Basic YWJjOmRlZg==', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [null, undefined],
  ])('reads %j as %j', (header, token) => {
    expect(readBearerToken(header)).toBe(token);
  });
});

describe('describeTokenProblem', () => {
  it('refuses short tokens and tokens with whitespace without echoing them', () => {
    const short = describeTokenProblem('secret');
    expect(short).toMatch(/at least 16/);
    expect(short).not.toContain('secret');
    expect(describeTokenProblem(`${TOKEN} x`)).toMatch(/whitespace/);
    expect(describeTokenProblem(TOKEN)).toBeUndefined();
  });
});
