import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aNativeSidecar } from '../testing/builders';
import type { ClusterFacts } from '../types';
import { imageTag } from './hygiene';
import { detectFindings } from './index';

describe('legacy-sidecar', () => {
  const pod = aDigest({ containers: [aContainer('app'), aContainer('envoy')] });
  it.each([
    ['an unknown cluster version', undefined],
    ['a 1.29 cluster', { serverVersion: { major: 1, minor: 29 } }],
    ['a 1.33 cluster', { serverVersion: { major: 1, minor: 33 } }],
  ])('raises an info for a sidecar in spec.containers on %s', (_name, cluster?: ClusterFacts) => {
    const findings = detectFindings({ pod, now: 0, ...(cluster ? { cluster } : {}) }).filter((finding) => finding.id === 'legacy-sidecar');
    expect(findings.map((finding) => [finding.container, finding.severity])).toEqual([['envoy', 'info']]);
  });

  it.each([
    [
      'a 1.28 cluster, where native sidecars are alpha',
      aDigest({ containers: [aContainer('app'), aContainer('envoy')] }),
      { serverVersion: { major: 1, minor: 28 } },
    ],
    ['a native sidecar', aDigest({ initContainers: [aNativeSidecar('envoy')] }), undefined],
    ['a pod without sidecars', aDigest({ containers: [aContainer('app'), aContainer('worker')] }), undefined],
  ])('stays silent for %s', (_name, digest, cluster?: ClusterFacts) => {
    expect(detectFindings({ pod: digest, now: 0, ...(cluster ? { cluster } : {}) }).filter((finding) => finding.id === 'legacy-sidecar')).toEqual([]);
  });
});

describe('unpinned-sidecar-image', () => {
  const unpinned = (image: string) =>
    detectFindings({ pod: aDigest({ containers: [aContainer('app', { image: 'app:latest' }), aContainer('envoy', { image })] }), now: 0 }).filter(
      (finding) => finding.id === 'unpinned-sidecar-image',
    ).length;
  it.each([['busybox'], ['envoyproxy/envoy:latest'], ['registry:5000/team/envoy']])('raises for %s', (image) => {
    expect(unpinned(image)).toBe(1);
  });
  it.each([['envoyproxy/envoy:v1.28'], ['registry:5000/team/envoy:1.2'], ['envoyproxy/envoy@sha256:0123abcd'], ['envoyproxy/envoy:latest@sha256:0123abcd']])(
    'stays silent for %s',
    (image) => {
      expect(unpinned(image)).toBe(0);
    },
  );

  it.each([
    ['busybox', undefined],
    ['registry:5000/team/envoy', undefined],
    ['registry:5000/team/envoy:1.2', '1.2'],
    ['envoy:v1@sha256:abc', 'v1'],
  ])('reads the tag of %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});
