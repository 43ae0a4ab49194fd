import { describe, expect, it } from 'vitest';
import { normaliseBasePath, withBasePath } from './base-path';

describe('base path', () => {
  it.each([
    ['', ''],
    ['/', ''],
    ['/ops/', '/ops'],
    ['ops', '/ops'],
    ['/a/b', '/a/b'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseBasePath(raw)).toBe(expected);
  });

  it.each([
    ['/api/summary', '/ops', '/ops/api/summary'],
    ['api/pods', '/ops', '/ops/api/pods'],
    ['/api/stream?pod=a/b', '', '/api/stream?pod=a/b'],
  ])('prefixes %j under %j', (path, base, expected) => {
    expect(withBasePath(path, base)).toBe(expected);
  });
});
