import { describe, expect, it } from 'vitest';
import { containerFromFieldPath, toEventDigest } from './events';
import { ms } from './testing/builders';

const coreEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  count: 4,
  firstTimestamp: '2024-07-19T13:38:05Z',
  lastTimestamp: '2024-07-19T13:38:41Z',
  involvedObject: {
    apiVersion: 'v1',
    fieldPath: 'spec.initContainers{istio-proxy}',
    kind: 'Pod',
    name: 'reviews-v2-5b667bcbf8-7kqzl',
    namespace: 'bookinfo',
    resourceVersion: '4471180',
    uid: 'e3b0c442-98fc-41c1-a4e7-9d2b8a1f6c35',
  },
  message: 'Startup probe failed: HTTP probe failed with statuscode: 503',
  metadata: { name: 'reviews-v2-5b667bcbf8-7kqzl.17e3b1c2d3e4f5a6', namespace: 'bookinfo', uid: 'ev-1' },
  reason: 'Unhealthy',
  reportingComponent: 'kubelet',
  reportingInstance: 'kind-worker2',
  source: { component: 'kubelet', host: 'kind-worker2' },
  type: 'Warning',
};

const eventsV1 = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  action: 'Binding',
  eventTime: '2024-07-19T13:38:00.123456Z',
  metadata: { name: 'web-0.17e3', namespace: 'default', uid: 'ev-2' },
  note: 'Successfully assigned default/web-0 to node-1',
  reason: 'Scheduled',
  regarding: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'default', uid: 'uid-default-web-0' },
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-control-plane',
  type: 'Normal',
};

describe('toEventDigest', () => {
  it('reads a core/v1 kubelet event with its container, count and first/last times', () => {
    expect(toEventDigest(coreEvent)).toEqual({
      uid: 'ev-1',
      namespace: 'bookinfo',
      podName: 'reviews-v2-5b667bcbf8-7kqzl',
      podUid: 'e3b0c442-98fc-41c1-a4e7-9d2b8a1f6c35',
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Startup probe failed: HTTP probe failed with statuscode: 503',
      container: 'istio-proxy',
      fieldPath: 'spec.initContainers{istio-proxy}',
      firstAt: Date.parse('2024-07-19T13:38:05Z'),
      lastAt: Date.parse('2024-07-19T13:38:41Z'),
      count: 4,
      source: 'kubelet',
    });
  });

  it('reads an events.k8s.io/v1 event: regarding, eventTime, note, reportingController', () => {
    expect(toEventDigest(eventsV1)).toMatchObject({
      namespace: 'default',
      podName: 'web-0',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-0 to node-1',
      firstAt: ms(0.123),
      lastAt: ms(0.123),
      count: 1,
      source: 'default-scheduler',
    });
  });

  it('takes the count and last time of an events.k8s.io/v1 series', () => {
    const repeated = { ...eventsV1, series: { count: 7, lastObservedTime: '2024-07-19T13:39:00.000000Z' } };
    expect(toEventDigest(repeated)).toMatchObject({ count: 7, firstAt: ms(0.123), lastAt: ms(60) });
  });

  it('reads a core/v1 event written by a newer component with eventTime and series only', () => {
    const modern = {
      ...coreEvent,
      count: undefined,
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2024-07-19T13:38:05.000000Z',
      series: { count: 3, lastObservedTime: '2024-07-19T13:38:09.000000Z' },
    };
    expect(toEventDigest(modern)).toMatchObject({ firstAt: ms(5), lastAt: ms(9), count: 3 });
  });

  it('recognises an events.k8s.io/v1 shape without apiVersion by its regarding field', () => {
    const bare = { ...eventsV1, apiVersion: undefined };
    expect(toEventDigest(bare)?.source).toBe('default-scheduler');
  });

  it.each([
    ['an event about a Node', { ...coreEvent, involvedObject: { kind: 'Node', name: 'node-1' } }],
    ['an event about a ReplicaSet (v1)', { ...eventsV1, regarding: { kind: 'ReplicaSet', name: 'web-1' } }],
    ['an event without a pod name', { ...coreEvent, involvedObject: { kind: 'Pod' } }],
    ['a pod', { kind: 'Pod', metadata: { name: 'x' } }],
    ['null', null],
    ['a string', 'Unhealthy'],
  ])('ignores %s', (_label, raw) => {
    expect(toEventDigest(raw)).toBeUndefined();
  });

  it('degrades odd fields instead of throwing', () => {
    const odd = { involvedObject: { kind: 'Pod', name: 'p' }, count: 'many', firstTimestamp: 'soon', source: 3, reason: 5 };
    expect(toEventDigest(odd)).toEqual({
      uid: undefined,
      namespace: 'default',
      podName: 'p',
      podUid: undefined,
      type: 'Normal',
      reason: '',
      message: '',
      container: undefined,
      fieldPath: undefined,
      firstAt: undefined,
      lastAt: undefined,
      count: 1,
      source: undefined,
    });
  });
});

describe('containerFromFieldPath', () => {
  it.each([
    ['spec.containers{app}', 'app'],
    ['spec.initContainers{istio-proxy}', 'istio-proxy'],
    ['spec.ephemeralContainers{debugger-x7k}', 'debugger-x7k'],
    ['spec.containers', undefined],
    ['metadata.name', undefined],
    [undefined, undefined],
  ])('reads %s as %s', (fieldPath, container) => {
    expect(containerFromFieldPath(fieldPath)).toBe(container);
  });
});
