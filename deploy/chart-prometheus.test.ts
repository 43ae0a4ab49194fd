import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseManifests } from './k8s-docs';
import { CHART_DIR, findHelm, renderChart } from './variants';

const deployDir = dirname(fileURLToPath(import.meta.url));
const helm = findHelm();
const render = (args: string[]) => parseManifests(renderChart(helm ?? 'helm', deployDir, args));
const files = join(deployDir, CHART_DIR, 'files');

describe.skipIf(helm === undefined)("the chart's Prometheus values, rendered with helm", () => {
  it('adds nothing by default', () => {
    const objects = render([]);
    expect(objects.map((o) => o.kind)).not.toContain('PrometheusRule');
    expect(JSON.stringify(objects)).not.toContain('SIDECARSCOPE_PROMETHEUS');
  });

  it('passes the URL, token file and tenant header to the server, and ships the rules and the dashboard', () => {
    const objects = render([
      '--set',
      'prometheus.url=http://prometheus-operated.monitoring.svc:9090,prometheus.bearerTokenFile=/var/run/token',
      '--set-string',
      'prometheus.headers.X-Scope-OrgID=tenant-a',
      '--set',
      'alerting.prometheusRule.enabled=true,alerting.prometheusRule.labels.release=kps,alerting.grafanaDashboard.enabled=true',
    ]);
    const text = JSON.stringify(objects);
    expect(text).toContain('{"name":"SIDECARSCOPE_PROMETHEUS_URL","value":"http://prometheus-operated.monitoring.svc:9090"}');
    expect(text).toContain('{"name":"SIDECARSCOPE_PROMETHEUS_HEADERS","value":"X-Scope-OrgID: tenant-a\\n"}');
    const rule = objects.find((o) => o.kind === 'PrometheusRule') as { metadata: { labels: Record<string, string> }; spec: unknown } | undefined;
    expect(rule?.metadata.labels.release).toBe('kps');
    expect(rule?.spec).toEqual(parse(readFileSync(join(files, 'sidecarscope-rules.yaml'), 'utf8')));
    const dashboard = objects.find((o) => o.kind === 'ConfigMap') as { metadata: { labels: Record<string, string> }; data: Record<string, string> } | undefined;
    expect(dashboard?.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard?.data['sidecarscope-dashboard.json'] ?? '')).toEqual(
      JSON.parse(readFileSync(join(files, 'sidecarscope-dashboard.json'), 'utf8')),
    );
  });
});
