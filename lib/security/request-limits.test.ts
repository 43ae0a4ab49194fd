import { describe, expect, it } from 'vitest';
import { checkRequestLimits, MAX_BODY_BYTES, MAX_URL_LENGTH } from './request-limits';

const get = { method: 'GET', url: '/api/pods?q=istio', contentLength: null, transferEncoding: null };

describe('checkRequestLimits', () => {
  it.each([
    ['an ordinary GET', get, undefined],
    ['a login form', { ...get, method: 'POST', url: '/login', contentLength: '120' }, undefined],
    ['a body of exactly the limit', { ...get, method: 'POST', contentLength: String(MAX_BODY_BYTES) }, undefined],
    ['a body one byte over the limit', { ...get, method: 'POST', contentLength: String(MAX_BODY_BYTES + 1) }, 413],
    ['a negative Content-Length', { ...get, method: 'POST', contentLength: '-1' }, 413],
    ['a non-numeric Content-Length', { ...get, method: 'POST', contentLength: 'lots' }, 413],
    ['a chunked body of unknown size', { ...get, method: 'POST', transferEncoding: 'chunked' }, 411],
    ['a URL over the limit', { ...get, url: `/api/pods?q=${'a'.repeat(MAX_URL_LENGTH)}` }, 414],
    ['a GET with a chunked body', { ...get, transferEncoding: 'chunked' }, 400],
    ['a HEAD with a chunked body', { ...get, method: 'HEAD', transferEncoding: 'chunked' }, 400],
    ['a GET with a declared body', { ...get, contentLength: '5' }, 400],
    ['a GET declaring an empty body', { ...get, contentLength: '0' }, undefined],
    ['a POST with any other transfer coding', { ...get, method: 'POST', transferEncoding: 'gzip' }, 411],
    ['TRACE', { ...get, method: 'TRACE' }, 405],
    ['PROPFIND', { ...get, method: 'PROPFIND' }, 405],
    ['OPTIONS', { ...get, method: 'OPTIONS' }, undefined],
  ])('answers %s with %j', (_, request, status) => {
    expect(checkRequestLimits(request)?.status).toBe(status);
  });
});
