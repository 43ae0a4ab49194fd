/** `GET …/pods/{name}/log` on the simulated cluster: the previous run's tail, bounded, with the API server's errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '..';
import type { Pod } from '../kube-types';

let sim: SimCluster;
let payments: string;

beforeAll(async () => {
  sim = await startSimCluster({ manualClock: true, scenarios: ['sidecar-crashloop'] });
  for (let t = 0; t < 40; t++) sim.engine.advance(1_000);
  const pod = sim.store.list('pods', 'mesh')[0] as Pod | undefined;
  payments = pod?.metadata.name ?? '';
});

afterAll(async () => {
  await sim.close();
});

const log = (name: string, query: string) => fetch(`${sim.url}/api/v1/namespaces/mesh/pods/${name}/log?${query}`);

describe('pod logs on the simulated cluster', () => {
  it('answers the previous run of the crash-looping istio-proxy with the lines that say why it exited', async () => {
    const response = await log(payments, 'container=istio-proxy&previous=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/Envoy exited with error: exit status 1; pilot-agent exiting$/);
    expect(lines.some((l) => l.includes('failed to sign CSR'))).toBe(true);
  });

  it('keeps only tailLines lines and at most limitBytes bytes', async () => {
    const tail = await (await log(payments, 'container=istio-proxy&previous=true&tailLines=3')).text();
    expect(tail.trimEnd().split('\n')).toHaveLength(3);
    const bytes = await (await log(payments, 'container=istio-proxy&previous=true&limitBytes=100')).arrayBuffer();
    expect(bytes.byteLength).toBe(100);
  });

  it("answers 400 with the kubelet's message when there is no previous run or no such container, 404 for no such pod", async () => {
    const noPrevious = await log(payments, 'container=payments&previous=true');
    expect(noPrevious.status).toBe(400);
    expect((await noPrevious.json()).message).toBe(`previous terminated container "payments" in pod "${payments}" not found`);
    const unknown = await log(payments, 'container=nope&previous=true');
    expect((await unknown.json()).message).toBe(`container nope is not valid for pod ${payments}`);
    expect((await log('nope', 'container=payments')).status).toBe(404);
  });
});
