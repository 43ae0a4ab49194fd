/** A hub on a manual clock, plus helpers to feed it raw pods, some with known findings. */
import { aContainer, aNativeSidecar, aPod, aProbe, aStatus, at, running, terminated, waiting, type PodOptions } from '../../model/testing/builders';
import { Hub, type HubOptions } from '../hub';

export interface HubFixture {
  hub: Hub;
  clock: { time: number };
  pod(options: PodOptions): unknown;
}

/** A hub whose clock the test moves by hand. */
export function aHub(overrides: Partial<HubOptions> = {}): HubFixture {
  const clock = { time: 1_700_000_000_000 };
  const hub = new Hub({
    now: () => clock.time,
    cluster: { name: 'test', mode: 'demo' },
    retentionMs: 3_600_000,
    maxDeleted: 100,
    metricsHistoryMs: 3_600_000,
    ...overrides,
  });
  return { hub, clock, pod: (options) => aPod({ containers: [aContainer('app')], ...options }) };
}

const sized = { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } };
/** A native sidecar with requests, a memory limit and a startup probe: no finding of its own. */
const proxy = aNativeSidecar('proxy', { ...sized, startupProbe: aProbe({ port: 15021 }) });
const ended = (reason: string, exitCode: number) => terminated({ exitCode, reason, startedAt: at(49), finishedAt: at(50) });

/**
 * Pods (beside `app`) whose findings with the real rules are exactly one each, for tests of
 * counting: `crashLooping` raises `sidecar-crashloop` (critical) on `proxy`, `oomKilled`
 * `sidecar-oomkilled` (critical) on `proxy`, `legacySidecar` `legacy-sidecar` (info) on `envoy`,
 * and `healthy` none.
 */
export const withFindings = {
  crashLooping: {
    initContainers: [proxy],
    statuses: [
      aStatus('proxy', waiting('CrashLoopBackOff', 'back-off 20s restarting failed container=proxy'), { restartCount: 4, lastState: ended('Error', 1) }),
      aStatus('app', running(at(2))),
    ],
  },
  oomKilled: {
    initContainers: [proxy],
    statuses: [aStatus('proxy', running(at(51)), { restartCount: 1, lastState: ended('OOMKilled', 137) }), aStatus('app', running(at(2)))],
  },
  legacySidecar: { containers: [aContainer('app'), aContainer('envoy', sized)] },
  healthy: { initContainers: [proxy], statuses: [aStatus('proxy', running(at(1))), aStatus('app', running(at(2)))] },
} satisfies Record<string, PodOptions>;
