/**
 * The HTTP responses themselves, through the route handlers the server runs, on a runtime fed
 * with pods full of secrets: none of the secrets may appear in any body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getFacets } from '../../app/api/facets/route';
import { GET as getPod } from '../../app/api/pods/[namespace]/[name]/route';
import { GET as getPods } from '../../app/api/pods/route';
import { GET as getStream } from '../../app/api/stream/route';
import { GET as getSummary } from '../../app/api/summary/route';
import { GET as getMetrics } from '../../app/metrics/route';
import { systemClock } from '../k8s/clock';
import { readConfig } from '../server/config';
import { createRuntime, type Runtime } from '../server/runtime';
import { findLeaks, podsFullOfSecrets } from './testing/secret-pods';

const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
const BASE = 'http://dash.test';

async function firstFrames(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  const { value } = (await reader?.read()) ?? {};
  await reader?.cancel();
  return new TextDecoder().decode(value);
}

describe('HTTP responses fed with pods full of secrets', () => {
  beforeAll(() => {
    holder[KEY] = createRuntime(
      readConfig({ SIDECARSCOPE_MODE: 'in-cluster' }),
      systemClock,
      (hub) => {
        hub.applyPodList('*', podsFullOfSecrets());
        hub.setLoopStatus('pods:*', { state: 'connected' });
        return { stop: () => {} };
      },
      'prod',
    );
  });
  afterAll(() => {
    holder[KEY]?.stop();
    delete holder[KEY];
  });

  const detail = (name: string) => () => getPod(new Request(`${BASE}/api/pods/payments/${name}`), { params: Promise.resolve({ namespace: 'payments', name }) });

  it.each([
    ['/api/summary', () => getSummary(), 'payments'],
    ['/api/pods', () => getPods(new Request(`${BASE}/api/pods`)), 'mesh-app'],
    ['/api/pods?q=vault', () => getPods(new Request(`${BASE}/api/pods?q=vault`)), 'vault-app'],
    ['/api/pods/payments/vault-app', detail('vault-app'), 'vault-agent'],
    ['/api/pods/payments/mesh-app', detail('mesh-app'), 'istio-proxy'],
    ['/api/facets', () => getFacets(), 'payments'],
    ['/metrics', () => getMetrics(), 'sidecarscope_'],
  ])("sends no secret from %s, only the pods' own data", async (_, call, expected) => {
    const response = await call();
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toContain(expected);
    expect(findLeaks(body)).toEqual([]);
  });

  it('sends no secret in the first frames of the event stream', async () => {
    const controller = new AbortController();
    const response = await getStream(new Request(`${BASE}/api/stream?pod=payments/vault-app`, { signal: controller.signal }));
    const frames = await firstFrames(response);
    controller.abort();
    expect(frames).toContain('"type":"hello"');
    expect(findLeaks(frames)).toEqual([]);
  });
});
