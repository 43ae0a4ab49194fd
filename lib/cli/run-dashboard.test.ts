import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedHostsFor, warmUp } from './run-dashboard';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function listen(handler: (path: string, authorization: string | undefined) => number): Promise<string> {
  server = createServer((request, response) => {
    response.statusCode = handler(request.url ?? '', request.headers.authorization);
    response.end('<html></html>');
  });
  return new Promise((resolve) => server?.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server?.address() as AddressInfo).port}`)));
}

describe('warmUp', () => {
  it('requests the overview, the pods page and their API routes under the base path, with the token', async () => {
    const seen: string[] = [];
    const base = await listen((path, authorization) => {
      seen.push(`${path} ${authorization ?? '-'}`);
      return 200;
    });
    expect(await warmUp(`${base}/sidecarscope/`, 's3cret-token')).toBe(5);
    expect(seen).toEqual(
      ['/sidecarscope/', '/sidecarscope/pods', '/sidecarscope/api/summary', '/sidecarscope/api/facets', '/sidecarscope/api/pods?limit=1'].map(
        (path) => `${path} Bearer s3cret-token`,
      ),
    );
  });

  it('counts only pages that answered, and never throws when the server is gone', async () => {
    const base = await listen((path) => (path.endsWith('/pods') ? 500 : 200));
    expect(await warmUp(`${base}/`)).toBe(4);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    expect(await warmUp(`${base}/`)).toBe(0);
  });
});

describe('allowedHostsFor', () => {
  const machine = { name: 'laptop', addresses: ['127.0.0.1', '192.168.1.20', 'fe80::1'] };
  it('allows the --host name, and for a wildcard bind the machine name and addresses', () => {
    expect(allowedHostsFor('dash.lan', undefined, machine)).toBe('dash.lan');
    expect(allowedHostsFor('0.0.0.0', 'extra.example', machine)).toBe('extra.example,laptop,127.0.0.1,192.168.1.20,fe80::1');
  });
});
