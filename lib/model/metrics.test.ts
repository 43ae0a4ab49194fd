import { describe, expect, it } from 'vitest';
import { parseDurationSeconds, summarizeSince, toMetricsSample } from './metrics';
import type { MetricsSample } from './types';
import { ms } from './testing/builders';

const podMetrics = {
  kind: 'PodMetrics',
  apiVersion: 'metrics.k8s.io/v1beta1',
  metadata: { name: 'reviews-v2-5b667bcbf8-7kqzl', namespace: 'bookinfo', creationTimestamp: '2024-07-19T13:38:31Z' },
  timestamp: '2024-07-19T13:38:20Z',
  window: '10.5s',
  containers: [
    { name: 'reviews', usage: { cpu: '2345678n', memory: '204800Ki' } },
    { name: 'istio-proxy', usage: { cpu: '123456n', memory: '20480Ki' } },
  ],
};

describe('toMetricsSample', () => {
  it('reads nanocores and Ki per container, sidecars included', () => {
    expect(toMetricsSample(podMetrics)).toEqual({
      namespace: 'bookinfo',
      name: 'reviews-v2-5b667bcbf8-7kqzl',
      sample: {
        at: ms(20),
        windowSeconds: 10.5,
        containers: {
          reviews: { cpuMilli: 2.345678, memoryBytes: 204800 * 1024 },
          'istio-proxy': { cpuMilli: 0.123456, memoryBytes: 20480 * 1024 },
        },
      },
    });
  });

  it('leaves out containers whose usage cannot be read', () => {
    const odd = {
      ...podMetrics,
      containers: [{ name: 'a', usage: { cpu: 'x', memory: '1Ki' } }, { usage: {} }, 'b', { name: 'c', usage: { cpu: '1m', memory: '1Mi' } }],
    };
    expect(Object.keys(toMetricsSample(odd)?.sample.containers ?? {})).toEqual(['c']);
  });

  it('omits the window when it is not a duration', () => {
    expect(toMetricsSample({ ...podMetrics, window: 10 })?.sample.windowSeconds).toBeUndefined();
  });

  it.each([
    ['another kind', { ...podMetrics, kind: 'NodeMetrics' }],
    ['no timestamp', { ...podMetrics, timestamp: undefined }],
    ['no name', { ...podMetrics, metadata: {} }],
    ['null', null],
  ])('gives undefined for %s', (_label, raw) => {
    expect(toMetricsSample(raw)).toBeUndefined();
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['10.5s', 10.5],
    ['30s', 30],
    ['1m0s', 60],
    ['1h2m3s', 3723],
    ['500ms', 0.5],
    ['250us', 0.00025],
    ['', undefined],
    ['10', undefined],
    ['soon', undefined],
  ])('reads %j as %s seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });
});

describe('summarizeSince', () => {
  const s = (at: number, containers: MetricsSample['containers']): MetricsSample => ({ at, windowSeconds: 15, containers });
  it('keeps the newest sample alone as it is', () => {
    const newest = s(60, { app: { cpuMilli: 5, memoryBytes: 10 } });
    expect(summarizeSince([s(0, { app: { cpuMilli: 1, memoryBytes: 99 } }), newest], newest, 0)).toBe(newest);
  });

  it('gives the mean CPU and the highest memory after `since`, per container of the newest sample', () => {
    const newest = s(60, { app: { cpuMilli: 40, memoryBytes: 10 }, proxy: { cpuMilli: 2, memoryBytes: 5 } });
    const samples = [
      s(0, { app: { cpuMilli: 1000, memoryBytes: 1000 } }), // not after `since`
      s(20, { app: { cpuMilli: 20, memoryBytes: 30 } }), // no proxy yet
      s(40, { app: { cpuMilli: 30, memoryBytes: 20 }, proxy: { cpuMilli: 4, memoryBytes: 7 }, gone: { cpuMilli: 9, memoryBytes: 9 } }),
      newest,
    ];
    expect(summarizeSince(samples, newest, 0)).toEqual({
      at: 60,
      windowSeconds: 15,
      containers: { app: { cpuMilli: 30, memoryBytes: 30 }, proxy: { cpuMilli: 3, memoryBytes: 7 } },
    });
  });
});
