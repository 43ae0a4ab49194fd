/**
 * The shipped SidecarOOMKilled alert, evaluated by a real Prometheus on the dashboard's finding
 * gauge, for seed 000's fluent-bit that grows to its memory limit. The sim runs 4× faster so the
 * first OOM kill comes after 45 s instead of 3 minutes (nothing here reads observed times).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, firingAlerts, promQuery, startStack, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ scenarios: ['seed-000-logger-oom'], speed: 4 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the shipped alerts, evaluated by the real Prometheus', () => {
  it('fire for the OOM-killed logging sidecar', async () => {
    const alert = await eventually(
      'SidecarOOMKilled firing',
      async () => (await firingAlerts(stack.prometheusUrl)).find((a) => a.labels.alertname === 'SidecarOOMKilled'),
      230_000,
    );
    expect(alert.labels).toMatchObject({ namespace: 'shop', container: 'fluent-bit', severity: 'critical', pod: expect.stringMatching(/^checkout-/) });
    // The finding gauge the rule reads, as Prometheus scraped it from the dashboard's /metrics.
    const gauge = await promQuery(stack.prometheusUrl, 'sidecarscope_finding{id="sidecar-oomkilled"}');
    expect(gauge.map((s) => s.metric.container)).toContain('fluent-bit');
  });
});
