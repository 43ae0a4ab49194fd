/** promtool on what the chart ships: the rules file, its unit tests, and the dashboard's exposition. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hub } from '@/lib/server/hub';
import { renderMetrics } from '@/lib/server/prometheus';
import { renderExportMetrics } from '@/lib/server/prometheus-export';
import { aContainer, aPod, aStatus, at, ownedBy, running, waiting } from '@/lib/model/testing/builders';
import { promtoolBinary, runPromtool } from '../../scripts/prometheus.mjs';
import { RULES_FILE } from './stack';

const root = join(import.meta.dirname, '..', '..');

describe('promtool', () => {
  it('checks the shipped rules file', () => {
    const result = runPromtool(['check', 'rules', RULES_FILE]);
    expect(result.output).toMatch(/SUCCESS: 8 rules found/);
    expect(result.status).toBe(0);
  });

  it('passes the rules unit tests', () => {
    const result = runPromtool(['test', 'rules', join(root, 'deploy', 'prometheus', 'rules.test.yaml')]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it("accepts the dashboard's /metrics exposition, histograms included", () => {
    const hub = new Hub({ now: () => Date.parse(at(600)), cluster: { name: 't', mode: 'demo' }, retentionMs: 1000, maxDeleted: 1, metricsHistoryMs: 60_000 });
    hub.applyPodList('*', [
      aPod({
        name: 'payments-1',
        namespace: 'mesh',
        owner: ownedBy('ReplicaSet', 'payments-6c9f8d7b5'),
        initContainers: [aContainer('istio-proxy', { restartPolicy: 'Always' })],
        containers: [aContainer('payments')],
        statuses: [
          aStatus('istio-proxy', waiting('CrashLoopBackOff', 'back-off 40s restarting failed container=istio-proxy'), { restartCount: 4 }),
          aStatus('payments', running(at(3))),
        ],
      }),
    ]);
    const text = renderMetrics(hub, 0, { findingsDropped: 0 }) + renderExportMetrics(hub, undefined);
    expect(text).toContain('sidecarscope_finding{id="sidecar-crashloop"');
    const result = spawnSync(promtoolBinary, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // promtool also lints naming (counters end in _total, units in base units): no complaint at all.
    const complaints = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
    expect(complaints).toEqual([]);
  });
});
