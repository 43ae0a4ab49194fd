/**
 * The workload and log endpoints, through their route handlers, on a runtime fed with pods full
 * of secrets (lib/security/testing/secret-pods.ts): no secret in any body, probe advice included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getLogs } from '../../app/api/pods/[namespace]/[name]/logs/route';
import { GET as getWorkload } from '../../app/api/workloads/[namespace]/[kind]/[name]/route';
import { systemClock } from '../k8s/clock';
import { findLeaks, podsFullOfSecrets } from '../security/testing/secret-pods';
import { readConfig } from './config';
import { createRuntime, type Runtime } from './runtime';

const KEY = Symbol.for('sidecarscope.runtime');
const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
const BASE = 'http://dash.test';

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

function pods() {
  const hub = holder[KEY]?.hub;
  hub?.flush();
  return [...(hub?.pods() ?? [])].map((e) => e.digest);
}

describe('workload and log responses fed with pods full of secrets', () => {
  it('leak nothing from any workload of those pods, its probe advice included', async () => {
    const all = pods();
    expect(all.length).toBeGreaterThan(0);
    for (const pod of all) {
      const { namespace, workload } = pod;
      const response = await getWorkload(new Request(`${BASE}/api/workloads/${namespace}/${workload.kind}/${workload.name}`), {
        params: Promise.resolve({ namespace, kind: workload.kind, name: workload.name }),
      });
      expect(response.status).toBe(200);
      expect(findLeaks(await response.text())).toEqual([]);
    }
  });

  it('answer the kubectl command, and nothing else, for a log while logs are off', async () => {
    for (const pod of pods()) {
      const container = pod.containers[0]?.name ?? '';
      const response = await getLogs(new Request(`${BASE}/api/pods/${pod.namespace}/${pod.name}/logs?container=${container}`), {
        params: Promise.resolve({ namespace: pod.namespace, name: pod.name }),
      });
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ enabled: false });
      expect(findLeaks(body)).toEqual([]);
    }
  });
});
