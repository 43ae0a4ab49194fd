/**
 * A kubelet restart while a native sidecar with a startupProbe runs (kubernetes#137146, #132826),
 * on Kubernetes' own kubelet and on the simulated cluster (which has no kubelet to restart: the
 * restart must change nothing the dashboard shows once the pod has settled). Played on its own,
 * since the restart touches every pod on the node. The other kubelet cases (a startupProbe that
 * never passes, OnFailure with a sidecar) play beside the seeds (seeds.kubelet.test.ts).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { adminKubeConfig, harnessControl } from '../cluster/harness';
import { KUBELET_RESTART_AT_MS, kubeletRestart } from './kubelet-scenarios';
import { compared, play, simNear, type Play } from './play';

const SECONDS = 45;
const info = inject('harness');
let result: Play = { sim: {}, real: {}, failures: [] };

beforeAll(async () => {
  const control = harnessControl(info);
  result = await play(adminKubeConfig(info), {
    scenarios: [kubeletRestart.name],
    catalogue: [kubeletRestart],
    seconds: SECONDS,
    // A crash of the kubelet (SIGKILL), 2 s down: containers keep running in the runtime.
    during: [{ atMs: KUBELET_RESTART_AT_MS, run: () => control.restartKubelet({ downMs: 2_000, kill: true }) }],
    report: process.env.SIDECARSCOPE_KUBELET_CASES_REPORT,
  });
});

const at = (scenario: string, second: number) => ({
  real: compared(result.real[scenario]?.[`t+${second}s`]),
  sim: simNear(result, scenario, second),
});

describe('a kubelet restart next to a native sidecar, on the real kubelet and on the simulated cluster', () => {
  it('the real API server accepts every pod the scenarios make', () => {
    expect(result.failures).toEqual([]);
  });

  it('restarts an app that crashes after a kubelet restart next to a native sidecar with a startupProbe (#137146)', () => {
    const { real, sim } = at(kubeletRestart.name, 40);
    const app = real[0]?.lanes.find((l) => l.container === 'app');
    expect(app).toMatchObject({ restartCount: 1, now: 'ready' });
    expect(real[0]?.lanes.find((l) => l.container === 'proxy')).toMatchObject({ restartCount: 0 });
    expect(real).toEqual(sim);
  });
});
