import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aStatus, at, ms, running, type ContainerOptions } from '../testing/builders';
import type { FindingId, MetricsSample } from '../types';
import { detectFindings } from './index';

const MI = 1024 * 1024;

function raised(envoy: ContainerOptions, id: FindingId, metrics: MetricsSample[] = []) {
  const pod = aDigest({
    containers: [aContainer('app'), aContainer('envoy', envoy)],
    statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))],
  });
  return detectFindings({ pod, metrics, now: ms(600) })
    .filter((finding) => finding.id === id)
    .map((finding) => finding.message);
}

const sample = (second: number, cpuMilli: number, memoryMi: number): MetricsSample => ({
  at: ms(second),
  containers: { app: { cpuMilli: 100, memoryBytes: 100 * MI }, envoy: { cpuMilli, memoryBytes: memoryMi * MI } },
});
const declared: ContainerOptions = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };

describe('sidecar-no-resources', () => {
  it.each([
    ['no resources at all', {}, 'envoy has no cpu request, memory request, memory limit'],
    ['requests but no memory limit (seed 001)', { requests: { cpu: '100m', memory: '128Mi' } }, 'envoy has no memory limit'],
    ['a memory limit but no cpu request', { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } }, 'envoy has no cpu request'],
  ])('raises for %s', (_name, envoy, message) => {
    expect(raised(envoy, 'sidecar-no-resources')).toEqual([message]);
  });

  it('stays silent when requests and a memory limit are declared (a cpu limit is not required)', () => {
    expect(raised(declared, 'sidecar-no-resources')).toEqual([]);
  });
});

describe('sidecar-over-request', () => {
  it.each([
    ['memory above its request', [sample(60, 50, 200)], /memory 200Mi > 128Mi/],
    ['cpu above its request', [sample(60, 250, 100)], /cpu 250m > 100m/],
  ])('raises for %s', (_name, metrics, message) => {
    expect(raised(declared, 'sidecar-over-request', metrics)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['use under its requests', [sample(60, 50, 100)]],
    ['no metrics', []],
    ['an older sample above its request but the latest under', [sample(120, 50, 100), sample(60, 50, 200)]],
  ])('stays silent for %s', (_name, metrics) => {
    expect(raised(declared, 'sidecar-over-request', metrics)).toEqual([]);
  });
});

describe('sidecar-near-memory-limit', () => {
  it('raises at 90% of the limit or more, with the climb as evidence', () => {
    const pod = aDigest({ containers: [aContainer('app'), aContainer('envoy', declared)], statuses: [aStatus('app', running(at(1)))] });
    const [finding] = detectFindings({ pod, metrics: [sample(60, 50, 40), sample(120, 50, 240)], now: ms(600) }).filter(
      (f) => f.id === 'sidecar-near-memory-limit',
    );
    expect(finding?.message).toBe('envoy uses 94% of its memory limit (240Mi of 256Mi)');
    expect(finding?.evidence.map((evidence) => evidence.value)).toContain('40Mi → 240Mi (2 samples)');
  });

  it.each([
    ['89% of the limit', declared, [sample(60, 50, 228)]],
    ['no memory limit', { requests: { cpu: '100m', memory: '128Mi' } }, [sample(60, 50, 250)]],
  ])('stays silent at %s', (_name, envoy, metrics) => {
    expect(raised(envoy, 'sidecar-near-memory-limit', metrics)).toEqual([]);
  });
});
