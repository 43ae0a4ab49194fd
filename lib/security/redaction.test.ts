/**
 * Nothing secret in a pod reaches what the server sends or logs: the digest, every JSON view, the
 * Prometheus text and the SSE frames, fed with pods full of secrets (./testing/secret-pods.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { toPodDigest } from '../model/digest';
import { Hub } from '../server/hub';
import { detailOf, facetsOf, summaryOf } from '../server/hub-views';
import { parsePodQuery, queryRows } from '../server/pod-query';
import { renderMetrics } from '../server/prometheus';
import { StreamFanout } from '../server/stream-fanout';
import { checkConnection } from '../server/config';
import type { PodRow } from '../model/views';
import { findLeaks, podsFullOfSecrets, SECRETS } from './testing/secret-pods';

/** A hub with the real model, as the server runs it. */
function aHub(): Hub {
  let now = 1_767_225_600_000;
  return new Hub({
    now: () => (now += 1000),
    cluster: { name: 'prod', mode: 'in-cluster' },
    retentionMs: 3_600_000,
    maxDeleted: 100,
    metricsHistoryMs: 3_600_000,
  });
}

async function drain(fanout: StreamFanout, podKey?: string): Promise<string> {
  const client = fanout.connect(podKey);
  const frames: string[] = [];
  while (client.queued().frames > 0) frames.push((await client.next()) ?? '');
  fanout.disconnect(client);
  return frames.join('');
}

describe('redaction', () => {
  let logs: MockInstance[] = [];
  beforeEach(() => {
    logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
  });
  afterEach(() => vi.restoreAllMocks());
  const logged = () => logs.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n');

  it('finds every planted secret in the raw pods, so a clean result means something', () => {
    const raw = JSON.stringify(podsFullOfSecrets());
    const planted = Object.keys(SECRETS).filter((name) => !name.startsWith('kubeconfig'));
    expect(findLeaks(raw)).toEqual(expect.arrayContaining([...planted, 'last-applied-configuration', 'managedFields']));
  });

  it('keeps no secret in the pod digest, while keeping every container', () => {
    for (const pod of podsFullOfSecrets()) {
      const digest = toPodDigest(pod);
      expect(digest?.containers.length).toBeGreaterThanOrEqual(2);
      expect(findLeaks(JSON.stringify(digest))).toEqual([]);
    }
  });

  it('sends no secret in the summary, the pod list, the pod details, the facets or /metrics', async () => {
    const hub = aHub();
    hub.applyPodList('*', podsFullOfSecrets());
    hub.setLoopStatus('pods:*', { state: 'connected' });
    hub.flush();
    const rows: PodRow[] = [];
    for (const entry of hub.pods()) if (entry.derived) rows.push(entry.derived.row);
    const outputs = {
      summary: JSON.stringify(summaryOf(hub)),
      pods: JSON.stringify(queryRows(rows, parsePodQuery(new URLSearchParams()))),
      details: JSON.stringify([detailOf(hub, 'payments', 'vault-app'), detailOf(hub, 'payments', 'mesh-app')]),
      facets: JSON.stringify(facetsOf(hub)),
      metrics: renderMetrics(hub, 0, { findingsDropped: 0 }),
    };
    expect(rows).toHaveLength(2);
    expect(outputs.details).toContain('istio-proxy');
    expect(outputs.details).toMatch(/"severity":"critical"/);
    for (const [name, text] of Object.entries(outputs)) expect({ name, leaks: findLeaks(text) }).toEqual({ name, leaks: [] });
    expect(findLeaks(logged())).toEqual([]);
  });

  it('streams no secret in the hello, in deltas, or in the followed pod', async () => {
    const hub = aHub();
    const fanout = new StreamFanout(hub, { maxClients: 10 });
    hub.applyPodList('*', podsFullOfSecrets());
    hub.flush();
    const hello = await drain(fanout);
    const follower = fanout.connect('payments/vault-app');
    const [pod] = podsFullOfSecrets();
    hub.applyPodEvent('MODIFIED', { ...(pod as object), metadata: { ...(pod as { metadata: object }).metadata, resourceVersion: '2' } });
    hub.flush();
    fanout.tick();
    const frames: string[] = [];
    while (follower.queued().frames > 0) frames.push((await follower.next()) ?? '');
    fanout.close();
    expect(hello).toContain('"type":"hello"');
    expect(frames.join('')).toContain('"type":"delta"');
    expect(findLeaks(hello + frames.join(''))).toEqual([]);
    expect(findLeaks(logged())).toEqual([]);
  });

  it('never names the kubeconfig path or its token when the cluster cannot be used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redaction-'));
    const kubeDir = join(dir, SECRETS.kubeconfigDir);
    mkdirSync(kubeDir);
    const kubeconfig = join(kubeDir, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: prod',
        'clusters: [{name: prod, cluster: {server: "https://127.0.0.1:1"}}]',
        `users: [{name: sre, user: {token: ${SECRETS.kubeconfigToken}}}]`,
        'contexts: [{name: prod, context: {cluster: prod, user: sre}}]',
      ].join('\n'),
    );
    try {
      const messages = [
        await checkConnection({ SIDECARSCOPE_MODE: 'kubeconfig', KUBECONFIG: kubeconfig }),
        await checkConnection({ SIDECARSCOPE_MODE: 'kubeconfig', KUBECONFIG: kubeconfig, SIDECARSCOPE_CONTEXT: 'missing' }),
        await checkConnection({ SIDECARSCOPE_MODE: 'kubeconfig', KUBECONFIG: join(kubeDir, 'absent') }),
      ];
      expect(messages.filter((m) => typeof m !== 'string' || m.length === 0)).toEqual([]);
      expect(findLeaks(messages.join('\n') + logged())).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
