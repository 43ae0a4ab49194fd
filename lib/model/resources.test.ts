import { describe, expect, it } from 'vitest';
import { effectivePodRequests } from './resources';
import nativeSidecar from './testing/captures/native-sidecar-pod.json';
import { aContainer, aDigest, aNativeSidecar, digestOf, type ContainerOptions, type RawContainer } from './testing/builders';

const req = (cpu: string, memory: string): ContainerOptions => ({ requests: { cpu, memory } });
const Mi = 2 ** 20;

describe('effectivePodRequests (KEP-753)', () => {
  it.each<[string, RawContainer[], RawContainer[], { cpuMilli: number; memoryBytes: number }]>([
    [
      'no init containers: the sum of regular containers',
      [],
      [aContainer('app', req('250m', '256Mi')), aContainer('envoy', req('100m', '64Mi'))],
      { cpuMilli: 350, memoryBytes: 320 * Mi },
    ],
    [
      'a big plain init container dominates',
      [aContainer('migrate', req('2', '1Gi'))],
      [aContainer('app', req('250m', '256Mi'))],
      { cpuMilli: 2000, memoryBytes: 1024 * Mi },
    ],
    [
      'native sidecars add to the running phase',
      [aNativeSidecar('proxy', req('100m', '64Mi'))],
      [aContainer('app', req('250m', '256Mi'))],
      { cpuMilli: 350, memoryBytes: 320 * Mi },
    ],
    [
      'an init container after a sidecar needs itself plus the sidecar',
      [aNativeSidecar('proxy', req('300m', '64Mi')), aContainer('migrate', req('1', '128Mi'))],
      [aContainer('app', req('100m', '512Mi'))],
      { cpuMilli: 1300, memoryBytes: 576 * Mi },
    ],
    [
      'a sidecar declared after an init container is not added to it',
      [aContainer('migrate', req('1', '128Mi')), aNativeSidecar('proxy', req('300m', '64Mi'))],
      [aContainer('app', req('100m', '32Mi'))],
      { cpuMilli: 1000, memoryBytes: 128 * Mi },
    ],
    [
      'cpu and memory are maximised separately',
      [aContainer('cpu-heavy', req('4', '16Mi')), aContainer('mem-heavy', req('10m', '4Gi'))],
      [aContainer('app', req('500m', '512Mi'))],
      { cpuMilli: 4000, memoryBytes: 4096 * Mi },
    ],
    ['containers without requests count as zero', [aNativeSidecar('proxy')], [aContainer('app')], { cpuMilli: 0, memoryBytes: 0 }],
  ])('%s', (_label, initContainers, containers, expected) => {
    expect(effectivePodRequests(aDigest({ initContainers, containers }))).toEqual(expected);
  });

  it('reads the native-sidecar capture: max(migrate 500m, sidecar 100m + app 250m) and memory 64Mi + 256Mi', () => {
    expect(effectivePodRequests(digestOf(nativeSidecar))).toEqual({ cpuMilli: 500, memoryBytes: 320 * Mi });
  });
});
