import { describe, expect, it } from 'vitest';
import { aContainer, aDigest, aNativeSidecar, aStatus, at, ms, ownedBy, running, terminated, type PodOptions } from '../testing/builders';
import type { FindingId } from '../types';
import { observePod } from '../observe';
import { detectFindings } from './index';

function raised(pod: PodOptions, now: number, id: FindingId) {
  return detectFindings({ pod: aDigest(pod), now })
    .filter((finding) => finding.id === id)
    .map((finding) => [finding.container, finding.severity]);
}

const done = (name: string, code: number, end: number, reason = code === 0 ? 'Completed' : 'Error') =>
  aStatus(name, terminated({ exitCode: code, reason, startedAt: at(1), finishedAt: at(end) }));
const legacyJob: PodOptions = {
  owner: ownedBy('Job', 'migrate-1'),
  restartPolicy: 'Never',
  containers: [aContainer('migrate'), aContainer('cloud-sql-proxy')],
};
const deleting: PodOptions = { deletionTimestamp: at(130), deletionGracePeriodSeconds: 30 };

describe('job-blocked-by-sidecar', () => {
  it.each([
    ['a Job whose main finished minutes ago', legacyJob, ms(300), 'critical'],
    ['a Job whose main just finished', legacyJob, ms(25), 'warning'],
    ['a restartPolicy OnFailure pod without a Job owner', { restartPolicy: 'OnFailure' as const, containers: legacyJob.containers }, ms(300), 'critical'],
  ])('raises for %s', (_name, pod, now, severity) => {
    expect(raised({ ...pod, statuses: [done('migrate', 0, 20), aStatus('cloud-sql-proxy', running(at(1)))] }, now, 'job-blocked-by-sidecar')).toEqual([
      ['cloud-sql-proxy', severity],
    ]);
  });

  it.each([
    ['a Job whose main still runs', { ...legacyJob, statuses: [aStatus('migrate', running(at(2))), aStatus('cloud-sql-proxy', running(at(1)))] }],
    [
      'a Deployment pod (restartPolicy Always)',
      { containers: legacyJob.containers, statuses: [done('migrate', 0, 20), aStatus('cloud-sql-proxy', running(at(1)))] },
    ],
    [
      'a Job with a native sidecar',
      {
        ...legacyJob,
        initContainers: [aNativeSidecar('cloud-sql-proxy')],
        containers: [aContainer('migrate')],
        statuses: [done('migrate', 0, 20), aStatus('cloud-sql-proxy', running(at(1)))],
      },
    ],
    ['a Job whose legacy sidecar also stopped', { ...legacyJob, statuses: [done('migrate', 0, 20), done('cloud-sql-proxy', 0, 21)] }],
  ])('stays silent for %s', (_name, pod) => {
    expect(raised(pod, ms(300), 'job-blocked-by-sidecar')).toEqual([]);
  });
});

describe('sidecar-stopped-before-app', () => {
  const legacy = [aContainer('app'), aContainer('envoy')];
  it.each([
    ['a legacy sidecar that exited 11 s before the app', { ...deleting, containers: legacy, statuses: [done('app', 0, 112), done('envoy', 143, 101)] }],
    [
      'a legacy sidecar gone while the app still drains',
      { ...deleting, containers: legacy, statuses: [aStatus('app', running(at(1))), done('envoy', 0, 101)] },
    ],
  ])('raises for %s', (_name, pod) => {
    expect(raised(pod, ms(115), 'sidecar-stopped-before-app')).toEqual([['envoy', 'warning']]);
  });

  it.each([
    [
      'native sidecars stopped after the app',
      { ...deleting, initContainers: [aNativeSidecar('envoy')], containers: [aContainer('app')], statuses: [done('envoy', 143, 106), done('app', 0, 105)] },
    ],
    ['a sidecar and the app in the same reported second', { ...deleting, containers: legacy, statuses: [done('app', 0, 101), done('envoy', 143, 101)] }],
    ['a sidecar that crashed long before the deletion', { ...deleting, containers: legacy, statuses: [aStatus('app', running(at(1))), done('envoy', 1, 50)] }],
    ['a running pod', { containers: legacy, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))] }],
    [
      'a Job whose legacy sidecar crashed before its main finished (no deletion)',
      { restartPolicy: 'Never' as const, containers: legacy, statuses: [done('app', 0, 112), done('envoy', 1, 50)] },
    ],
  ])('stays silent for %s', (_name, pod) => {
    expect(raised(pod, ms(115), 'sidecar-stopped-before-app')).toEqual([]);
  });
});

describe('grace-period-exceeded', () => {
  const pod = (statuses: PodOptions['statuses']): PodOptions => ({
    ...deleting,
    initContainers: [aNativeSidecar('fluent-bit')],
    containers: [aContainer('app')],
    statuses,
  });
  it.each([
    [
      'an app SIGKILLed at the deadline (its sidecar killed with it is collateral)',
      pod([done('fluent-bit', 137, 130), done('app', 137, 130)]),
      [['app', 'warning']],
    ],
    ['a sidecar alone SIGKILLed at the deadline', pod([done('fluent-bit', 137, 131), done('app', 0, 105)]), [['fluent-bit', 'warning']]],
  ])('raises for %s', (_name, options, expected) => {
    expect(raised(options, ms(135), 'grace-period-exceeded')).toEqual(expected);
  });

  it.each([
    ['SIGTERM exits (143) during the grace period', pod([done('fluent-bit', 143, 106), done('app', 143, 105)])],
    ['a 137 well before the deadline', pod([done('fluent-bit', 0, 106), done('app', 137, 101)])],
    ['an OOM kill near the deadline', pod([done('fluent-bit', 0, 131), done('app', 137, 130, 'OOMKilled')])],
    ['a forced deletion with no grace period', { ...pod([done('fluent-bit', 137, 130), done('app', 137, 130)]), deletionGracePeriodSeconds: 0 }],
    [
      'a 137 on a pod that is not being deleted',
      {
        initContainers: [aNativeSidecar('fluent-bit')],
        containers: [aContainer('app')],
        statuses: [aStatus('fluent-bit', running(at(1))), done('app', 137, 130)],
      },
    ],
  ])('stays silent for %s', (_name, options) => {
    expect(raised(options, ms(135), 'grace-period-exceeded')).toEqual([]);
  });
});

describe('shutdown findings after the API server rewrites the deletion (kubelet final delete, grace 0)', () => {
  // A real API server answers the kubelet's grace-0 delete by setting deletionTimestamp to now and
  // deletionGracePeriodSeconds to 0 before DELETED: the last object no longer says what was asked.
  const rewritten: PodOptions = { deletionTimestamp: at(132), deletionGracePeriodSeconds: 0 };
  const cases: [FindingId, PodOptions, string][] = [
    ['sidecar-stopped-before-app', { containers: [aContainer('app'), aContainer('envoy')], statuses: [done('app', 0, 112), done('envoy', 143, 101)] }, 'envoy'],
    [
      'grace-period-exceeded',
      { initContainers: [aNativeSidecar('fluent-bit')], containers: [aContainer('app')], statuses: [done('fluent-bit', 137, 130), done('app', 137, 130)] },
      'app',
    ],
  ];

  it.each(cases)('still raises %s from the first deletion observed', (id, pod, container) => {
    const marked = aDigest({ ...pod, ...deleting });
    const gone = aDigest({ ...pod, ...rewritten });
    const observations = observePod(observePod(undefined, undefined, marked, ms(100)), marked, gone, ms(132));
    const findings = detectFindings({ pod: gone, observations, now: ms(135) }).filter((finding) => finding.id === id);
    expect(findings.map((finding) => finding.container)).toEqual([container]);
  });

  it.each(cases)('cannot raise %s from the rewritten object alone', (id, pod) => {
    expect(raised({ ...pod, ...rewritten }, ms(135), id)).toEqual([]);
  });
});
