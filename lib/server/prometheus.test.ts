import { describe, expect, it } from 'vitest';
import { escapeLabel, renderMetrics } from './prometheus';
import { aHub, withFindings } from './testing/hub-fixture';

function seriesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('renderMetrics', () => {
  it('exposes one gauge per live finding with its pod and container, and totals per id', () => {
    const { hub, pod } = aHub();
    hub.applyPodEvent('ADDED', pod({ name: 'a', namespace: 'shop', ...withFindings.crashLooping }));
    hub.applyPodEvent('ADDED', pod({ name: 'b', namespace: 'shop', ...withFindings.crashLooping }));
    const text = renderMetrics(hub, 2, { findingsDropped: 0 });
    expect(seriesOf(text, 'sidecarscope_finding')).toEqual([
      'sidecarscope_finding{id="sidecar-crashloop",severity="critical",namespace="shop",pod="a",container="proxy"} 1',
      'sidecarscope_finding{id="sidecar-crashloop",severity="critical",namespace="shop",pod="b",container="proxy"} 1',
    ]);
    expect(seriesOf(text, 'sidecarscope_findings')).toEqual(['sidecarscope_findings{id="sidecar-crashloop",severity="critical"} 2']);
    expect(seriesOf(text, 'sidecarscope_stream_clients')).toEqual(['sidecarscope_stream_clients 2']);
    expect(text).toContain('# TYPE sidecarscope_watch_restarts_total counter');
  });

  it('caps per-finding series and counts what it dropped', () => {
    const { hub, pod } = aHub();
    for (const name of ['a', 'b', 'c']) hub.applyPodEvent('ADDED', pod({ name, ...withFindings.legacySidecar }));
    const state = { findingsDropped: 0 };
    const text = renderMetrics(hub, 0, state, 2);
    expect(seriesOf(text, 'sidecarscope_finding')).toHaveLength(2);
    expect(seriesOf(text, 'sidecarscope_findings_dropped_total')).toEqual(['sidecarscope_findings_dropped_total 1']);
  });

  it('counts watch restarts per resource and leaves deleted pods out of the finding gauges', () => {
    const { hub, pod } = aHub();
    hub.countRestart('pods');
    hub.countRestart('pods');
    hub.applyPodEvent('ADDED', pod({ name: 'a', ...withFindings.legacySidecar }));
    expect(seriesOf(renderMetrics(hub, 0, { findingsDropped: 0 }), 'sidecarscope_finding')).toHaveLength(1);
    hub.applyPodEvent('DELETED', pod({ name: 'a', resourceVersion: '2', ...withFindings.legacySidecar }));
    const text = renderMetrics(hub, 0, { findingsDropped: 0 });
    expect(seriesOf(text, 'sidecarscope_watch_restarts_total')).toEqual(['sidecarscope_watch_restarts_total{resource="pods"} 2']);
    expect(seriesOf(text, 'sidecarscope_finding')).toEqual([]);
    expect(seriesOf(text, 'sidecarscope_pods_tracked')).toEqual(['sidecarscope_pods_tracked{state="live"} 0', 'sidecarscope_pods_tracked{state="deleted"} 1']);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe('renderMetrics for silent watches', () => {
  it('counts relists after silence and the changes the watch never delivered, per resource', () => {
    const { hub } = aHub();
    hub.countSilentRelist('pods', 0);
    hub.countSilentRelist('pods', 3);
    const text = renderMetrics(hub, 0, { findingsDropped: 0 });
    expect(seriesOf(text, 'sidecarscope_watch_silent_relists_total')).toEqual(['sidecarscope_watch_silent_relists_total{resource="pods"} 2']);
    expect(seriesOf(text, 'sidecarscope_watch_undelivered_changes_total')).toEqual(['sidecarscope_watch_undelivered_changes_total{resource="pods"} 3']);
  });
});
