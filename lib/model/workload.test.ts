import { describe, expect, it } from 'vitest';
import type { WorkloadRef } from './types';
import { pickOwner, toWorkloadRef } from './workload';

describe('toWorkloadRef', () => {
  it.each<[string, WorkloadRef | undefined, string | undefined, WorkloadRef]>([
    [
      'a ReplicaSet with a template hash becomes its Deployment',
      { kind: 'ReplicaSet', name: 'web-7d4b9c8f6d' },
      undefined,
      { kind: 'Deployment', name: 'web' },
    ],
    [
      'a ReplicaSet matching the pod-template-hash label becomes its Deployment',
      { kind: 'ReplicaSet', name: 'api-v2-abcde1' },
      'abcde1',
      { kind: 'Deployment', name: 'api-v2' },
    ],
    ['a hyphenated Deployment name survives', { kind: 'ReplicaSet', name: 'my-web-app-5c98f8cb7' }, undefined, { kind: 'Deployment', name: 'my-web-app' }],
    ['a hand-made ReplicaSet stays a ReplicaSet', { kind: 'ReplicaSet', name: 'frontend' }, undefined, { kind: 'ReplicaSet', name: 'frontend' }],
    ['a suffix with vowels is no template hash', { kind: 'ReplicaSet', name: 'web-canary' }, undefined, { kind: 'ReplicaSet', name: 'web-canary' }],
    [
      'a Job with a scheduled-time suffix becomes its CronJob',
      { kind: 'Job', name: 'sidecar-cronjob-28689938' },
      undefined,
      { kind: 'CronJob', name: 'sidecar-cronjob' },
    ],
    ['a Job with a short number stays a Job', { kind: 'Job', name: 'migrate-42' }, undefined, { kind: 'Job', name: 'migrate-42' }],
    ['a StatefulSet is kept as declared', { kind: 'StatefulSet', name: 'db' }, undefined, { kind: 'StatefulSet', name: 'db' }],
    ['a DaemonSet is kept as declared', { kind: 'DaemonSet', name: 'fluent-bit' }, undefined, { kind: 'DaemonSet', name: 'fluent-bit' }],
    ['a bare pod is its own workload', undefined, undefined, { kind: 'Pod', name: 'debug-pod' }],
  ])('%s', (_label, owner, hash, expected) => {
    expect(toWorkloadRef(owner, 'debug-pod', hash)).toEqual(expected);
  });
});

describe('pickOwner', () => {
  it('prefers the controller reference over earlier ones', () => {
    const references = [
      { kind: 'ConfigMap', name: 'x' },
      { kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', controller: true },
    ];
    expect(pickOwner(references)).toEqual({ kind: 'ReplicaSet', name: 'web-7d4b9c8f6d' });
  });

  it('falls back to the first well-formed reference and skips odd entries', () => {
    expect(pickOwner([null, 3, { kind: 'Job' }, { kind: 'Job', name: 'j' }])).toEqual({ kind: 'Job', name: 'j' });
  });

  it.each([[undefined], ['owner'], [{}], [[]]])('gives undefined for %j', (references) => {
    expect(pickOwner(references)).toBeUndefined();
  });
});
