import { describe, expect, it } from 'vitest';
import { detectFindings } from '@/lib/model/findings';
import { toPodDigest } from '@/lib/model/digest';
import { observePod } from '@/lib/model/observe';
import type { PodDigest, PodObservations } from '@/lib/model/types';
import { simulate, statusOf } from '../testing';

describe('a Linkerd-injected workload', () => {
  const sim = simulate(['linkerd-injected-race']);
  sim.run(60);
  const raw = sim.pod('inventory-');
  let pod: PodDigest | undefined;
  let observations: PodObservations | undefined;
  for (const snapshot of sim.historyOf(raw.metadata.uid)) {
    const next = toPodDigest(snapshot.pod);
    if (!next) throw new Error('not a pod');
    observations = observePod(observations, pod, next, snapshot.at);
    pod = next;
  }
  if (!pod) throw new Error('no snapshots');
  const findings = detectFindings({ pod, observations, now: sim.clock.now() });
  const fixOf = (id: string) => findings.find((finding) => finding.id === id && finding.container === 'linkerd-proxy')?.fix ?? '';

  it('fails the app once before linkerd-proxy serves', () => {
    expect(statusOf(raw, 'inventory').restartCount).toBeGreaterThanOrEqual(1);
  });

  it("answers the race with linkerd's own proxy-await, with the proxy's real readiness endpoint", () => {
    expect(fixOf('startup-race')).toMatch(
      /^linkerd-proxy is written by Linkerd's injector on every pod \(detected by annotation linkerd\.io\/proxy-version: stable-2\.14\.10; image cr\.l5d\.io\/linkerd\/proxy:stable-2\.14\.10\)/,
    );
    expect(fixOf('startup-race')).toContain('httpGet: { path: /ready, port: 4191 }');
    expect(fixOf('startup-race')).toContain('config.linkerd.io/proxy-await: "enabled"');
  });

  it('says native sidecars need a newer Linkerd than stable-2.14.10', () => {
    expect(fixOf('legacy-sidecar')).toContain('config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"');
    expect(fixOf('legacy-sidecar')).toContain("this pod's Linkerd is stable-2.14.10: upgrade first");
  });
});
