import { describe, expect, it } from 'vitest';
import { containerResources, effectivePodRequests, isMainContainer, isSidecarContainer, sumLimits, sumRequests } from './resources';
import nativeSidecar from './testing/captures/native-sidecar-pod.json';
import { aContainer, aDigest, aNativeSidecar, digestOf, type ContainerOptions, type RawContainer } from './testing/builders';

const req = (cpu: string, memory: string): ContainerOptions => ({ requests: { cpu, memory } });
const Mi = 2 ** 20;

describe('effectivePodRequests (KEP-753)', () => {
  it.each<[string, RawContainer[], RawContainer[], { cpuMilli: number; memoryBytes: number }]>([
    ['no init containers: the sum of regular containers', [], [aContainer('app', req('250m', '256Mi')), aContainer('envoy', req('100m', '64Mi'))], { cpuMilli: 350, memoryBytes: 320 * Mi }],
    ['a big plain init container dominates', [aContainer('migrate', req('2', '1Gi'))], [aContainer('app', req('250m', '256Mi'))], { cpuMilli: 2000, memoryBytes: 1024 * Mi }],
    ['native sidecars add to the running phase', [aNativeSidecar('proxy', req('100m', '64Mi'))], [aContainer('app', req('250m', '256Mi'))], { cpuMilli: 350, memoryBytes: 320 * Mi }],
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

describe('sumRequests and sumLimits', () => {
  const pod = aDigest({
    initContainers: [aContainer('migrate', req('1', '1Gi')), aNativeSidecar('proxy', { ...req('100m', '64Mi'), limits: { memory: '128Mi' } })],
    containers: [aContainer('app', { ...req('250m', '256Mi'), limits: { cpu: '1', memory: '512Mi' } }), aContainer('fluent-bit', req('50m', '32Mi'))],
  });

  it('split the fleet into sidecars (native and legacy) and mains, leaving plain init containers out', () => {
    expect(sumRequests(pod, isSidecarContainer)).toEqual({ cpuMilli: 150, memoryBytes: 96 * Mi });
    expect(sumRequests(pod, isMainContainer)).toEqual({ cpuMilli: 250, memoryBytes: 256 * Mi });
  });

  it('sum every container by default', () => {
    expect(sumRequests(pod)).toEqual({ cpuMilli: 1400, memoryBytes: 1376 * Mi });
  });

  it('count a missing limit as zero', () => {
    expect(sumLimits(pod, isSidecarContainer)).toEqual({ cpuMilli: 0, memoryBytes: 128 * Mi });
  });

  it('find one container by name', () => {
    expect(containerResources(pod, 'app')?.limits).toEqual({ cpuMilli: 1000, memoryBytes: 512 * Mi });
    expect(containerResources(pod, 'nope')).toBeUndefined();
  });
});
