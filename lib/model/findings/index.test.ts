import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, at, ms, running, waiting } from '../testing/builders';
import { FINDING_IDS } from '../types';
import { FINDING_CATALOGUE, detectFindings } from './index';

describe('FINDING_CATALOGUE', () => {
  it('describes every finding id with a title, an explanation and a fix', () => {
    expect(Object.keys(FINDING_CATALOGUE).sort()).toEqual([...FINDING_IDS].sort());
    for (const entry of Object.values(FINDING_CATALOGUE)) {
      expect(entry.title.length).toBeGreaterThan(5);
      expect(entry.explanation.length).toBeGreaterThan(40);
      expect(entry.fix.length).toBeGreaterThan(20);
    }
  });

  it.each([
    ['startup-race', 'startupProbe'],
    ['init-never-completes', 'restartPolicy: Always'],
    ['sidecar-no-resources', 'resources:'],
    ['grace-period-exceeded', 'terminationGracePeriodSeconds'],
    ['sidecar-stopped-before-app', 'preStop'],
  ] as const)('gives %s a YAML fix mentioning %s', (id, text) => {
    expect(FINDING_CATALOGUE[id].fix).toContain('```yaml');
    expect(FINDING_CATALOGUE[id].fix).toContain(text);
  });
});

describe('detectFindings', () => {
  it('lists critical findings first and fills the pod and container into the texts', () => {
    const pod = aDigest({
      name: 'web-1',
      containers: [aContainer('app'), aContainer('envoy', { image: 'busybox' })],
      statuses: [aStatus('app', running(at(1))), aStatus('envoy', waiting('CrashLoopBackOff'), { restartCount: 4 })],
    });
    const findings = detectFindings({ pod, now: ms(60) });
    const severities = findings.map((finding) => finding.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b)));
    expect(findings[0]?.id).toBe('sidecar-crashloop');
    expect(findings[0]?.fix).toContain('kubectl logs web-1 -n default -c envoy --previous');
    expect(findings.filter((finding) => finding.podUid !== pod.uid || finding.namespace !== pod.namespace)).toEqual([]);
  });

  it('never throws on a pod with odd or missing data', () => {
    const pod = aDigest({ uid: null, createdAt: 'yesterday', containers: [aContainer('envoy', { image: '' })], statuses: [aStatus('ghost', running('soon'))] });
    expect(() => detectFindings({ pod, now: Number.NaN, metrics: [{ at: 0, containers: {} }] })).not.toThrow();
  });
});
