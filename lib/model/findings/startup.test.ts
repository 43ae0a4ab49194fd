import { describe, expect, it } from 'vitest';
import { observePod } from '../observe';
import { aContainer, aDigest, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated, waiting, type PodOptions } from '../testing/builders';
import { toEventDigest } from '../events';
import { rawEvent } from '../testing/scenarios/kit';
import type { FindingId, PodDigest, PodObservations, Severity } from '../types';
import { detectFindings } from './index';

interface Case {
  name: string;
  pod: PodOptions;
  /** Earlier snapshots (observed 300 ms after the second they are labelled with). */
  history?: { second: number; pod: PodOptions }[];
  now: number;
  events?: unknown[];
  severity?: Severity;
}

function judge(testCase: Case, id: FindingId) {
  let observations: PodObservations | undefined;
  let before: PodDigest | undefined;
  for (const step of testCase.history ?? []) {
    const next = aDigest(step.pod);
    observations = observePod(observations, before, next, ms(step.second) + 300);
    before = next;
  }
  const pod = aDigest(testCase.pod);
  if (before) observations = observePod(observations, before, pod, testCase.now);
  const events = (testCase.events ?? []).flatMap((raw) => toEventDigest(raw) ?? []);
  return detectFindings({ pod, observations, events, now: testCase.now }).filter((finding) => finding.id === id);
}

const user = aContainer('user');
const legacy = (options = {}) => ({
  containers: [user, aContainer('proxy', options)],
  annotations: { 'sidecarscope.io/sidecars': 'proxy' },
  restartPolicy: 'Never' as const,
});
const failed = aStatus('user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(5), finishedAt: at(5) }));
const delayed = aProbe({ port: 8081, initialDelaySeconds: 5 });

describe('startup-race', () => {
  const raises: Case[] = [
    {
      name: 'a legacy sidecar observed ready after the main failed (seed 002 form 1)',
      history: [{ second: 5, pod: { ...legacy({ readinessProbe: aProbe() }), statuses: [failed, aStatus('proxy', running(at(3), { ready: false }))] } }],
      pod: { ...legacy({ readinessProbe: aProbe() }), statuses: [failed, aStatus('proxy', running(at(3)))] },
      now: ms(8) + 350,
      severity: 'critical',
    },
    {
      name: 'a single snapshot whose readinessProbe delay puts readiness after the failure',
      pod: { ...legacy({ readinessProbe: delayed }), statuses: [failed, aStatus('proxy', running(at(3)))] },
      now: ms(30),
      severity: 'critical',
    },
    {
      name: 'a native sidecar without startupProbe and a main that failed a second after it (seed 002 form 3)',
      pod: {
        initContainers: [aNativeSidecar('proxy')],
        containers: [user],
        restartPolicy: 'Never',
        statuses: [aStatus('proxy', running(at(2))), aStatus('user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) }))],
      },
      now: ms(10),
      severity: 'critical',
    },
    {
      name: 'a main that started seconds before its legacy sidecar was observed ready, without failing',
      history: [
        {
          second: 1,
          pod: {
            ...legacy({ readinessProbe: aProbe() }),
            restartPolicy: 'Always',
            statuses: [aStatus('user', running(at(1))), aStatus('proxy', running(at(1), { ready: false }))],
          },
        },
      ],
      pod: { ...legacy({ readinessProbe: aProbe() }), restartPolicy: 'Always', statuses: [aStatus('user', running(at(1))), aStatus('proxy', running(at(1)))] },
      now: ms(4),
      severity: 'warning',
    },
  ];
  it.each(raises.map((testCase) => [testCase.name, testCase] as const))('raises for %s', (_name, testCase) => {
    expect(judge(testCase, 'startup-race').map((finding) => [finding.container, finding.severity])).toEqual([['proxy', testCase.severity]]);
  });

  const silent: Case[] = [
    {
      name: 'a native sidecar with a startupProbe (seed 002 form 4)',
      pod: {
        initContainers: [aNativeSidecar('proxy', { startupProbe: delayed })],
        containers: [user],
        restartPolicy: 'Never',
        statuses: [aStatus('proxy', running(at(1))), aStatus('user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(6), finishedAt: at(7) }))],
      },
      now: ms(10),
    },
    {
      name: 'a readiness observed in the same reported second as the main start (not measurable)',
      history: [
        {
          second: 5,
          pod: {
            ...legacy({ readinessProbe: aProbe() }),
            restartPolicy: 'Always',
            statuses: [aStatus('user', running(at(5))), aStatus('proxy', running(at(3), { ready: false }))],
          },
        },
      ],
      pod: { ...legacy({ readinessProbe: aProbe() }), restartPolicy: 'Always', statuses: [aStatus('user', running(at(5))), aStatus('proxy', running(at(3)))] },
      now: ms(5) + 600,
    },
    {
      name: 'a healthy legacy sidecar without probes and a main that never failed',
      pod: { ...legacy(), restartPolicy: 'Always', statuses: [aStatus('user', running(at(1))), aStatus('proxy', running(at(1)))] },
      now: ms(600),
    },
    {
      name: 'a main that failed long after its sidecar started',
      pod: {
        ...legacy(),
        statuses: [aStatus('user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(1), finishedAt: at(500) })), aStatus('proxy', running(at(1)))],
      },
      now: ms(600),
    },
    {
      name: 'a main killed by SIGTERM during deletion',
      pod: {
        ...legacy(),
        deletionTimestamp: at(40),
        deletionGracePeriodSeconds: 30,
        statuses: [aStatus('user', terminated({ exitCode: 143, reason: 'Error', startedAt: at(1), finishedAt: at(10) })), aStatus('proxy', running(at(1)))],
      },
      now: ms(11),
    },
  ];
  it.each(silent.map((testCase) => [testCase.name, testCase] as const))('stays silent for %s', (_name, testCase) => {
    expect(judge(testCase, 'startup-race')).toEqual([]);
  });

  it('says a same-second start gap is not measurable instead of inventing one', () => {
    const [finding] = judge(raises[2] as Case, 'startup-race');
    expect(finding?.message).not.toMatch(/\b0 s\b/);
    expect(finding?.evidence.map((evidence) => evidence.at?.source)).toContain('reported');
  });
});

describe('sidecar-no-startup-probe', () => {
  it.each([
    ['a native sidecar serving ports', aNativeSidecar('proxy', { ports: [8081] }), 'warning'],
    ['a native sidecar with nothing to serve', aNativeSidecar('logs'), 'info'],
  ])('raises for %s', (_name, sidecar, severity) => {
    const findings = judge({ name: '', pod: { initContainers: [sidecar] }, now: 0 }, 'sidecar-no-startup-probe');
    expect(findings.map((finding) => finding.severity)).toEqual([severity]);
  });

  it.each([
    ['a native sidecar with a startupProbe', { initContainers: [aNativeSidecar('proxy', { startupProbe: aProbe() })] }],
    ['a legacy sidecar', { containers: [aContainer('app'), aContainer('envoy')] }],
    ['a plain init container', { initContainers: [aContainer('setup')] }],
  ])('stays silent for %s', (_name, pod) => {
    expect(judge({ name: '', pod, now: 0 }, 'sidecar-no-startup-probe')).toEqual([]);
  });
});

describe('sidecar-startup-blocked', () => {
  const proxy = aNativeSidecar('proxy', { startupProbe: aProbe() });
  const blocked = (status: ReturnType<typeof aStatus>): PodOptions => ({
    initContainers: [proxy],
    containers: [user],
    phase: 'Pending',
    statuses: [status, aStatus('user', waiting('PodInitializing'))],
  });
  it.each([
    ['a sidecar not started for minutes', blocked(aStatus('proxy', running(at(1), { started: false, ready: false }))), ms(120), []],
    ['a sidecar crash-looping before it ever started', blocked(aStatus('proxy', waiting('CrashLoopBackOff'), { restartCount: 3 })), ms(30), []],
    [
      'a failing startupProbe reported by events, early on',
      blocked(aStatus('proxy', running(at(1), { started: false, ready: false }))),
      ms(20),
      [
        rawEvent({
          pod: 'web-0',
          reason: 'Unhealthy',
          message: 'Startup probe failed',
          fieldPath: 'spec.initContainers{proxy}',
          first: 5,
          last: 19,
          count: 15,
        }),
      ],
    ],
  ])('raises for %s', (_name, pod, now, events) => {
    expect(judge({ name: '', pod, now, events }, 'sidecar-startup-blocked').map((finding) => finding.severity)).toEqual(['critical']);
  });

  it.each([
    ['a sidecar just starting', blocked(aStatus('proxy', running(at(1), { started: false, ready: false }))), ms(10)],
    ['a started sidecar', blocked(aStatus('proxy', running(at(1)))), ms(300)],
    ['a pod being deleted', { ...blocked(aStatus('proxy', running(at(1), { started: false, ready: false }))), deletionTimestamp: at(400) }, ms(300)],
  ])('stays silent for %s', (_name, pod, now) => {
    expect(judge({ name: '', pod, now }, 'sidecar-startup-blocked')).toEqual([]);
  });
});

describe('init-never-completes and sidecar-dropped-restart-policy', () => {
  const stuck = (init: ReturnType<typeof aContainer>, since = 1): PodOptions => ({
    initContainers: [init],
    containers: [user],
    phase: 'Pending',
    statuses: [aStatus(init.name, running(at(since), { ready: false })), aStatus('user', waiting('PodInitializing'))],
  });
  it.each([
    ['a server-like init container (ports) after a minute', stuck(aContainer('slow-sidecar', { ports: [8081] })), ms(90), 'init-never-completes', 'critical'],
    ['any init container running for over ten minutes', stuck(aContainer('migrate')), ms(700), 'init-never-completes', 'warning'],
    [
      'a well-known sidecar as a plain init container',
      stuck(aContainer('istio-proxy', { ports: [15090] })),
      ms(5),
      'sidecar-dropped-restart-policy',
      'critical',
    ],
    [
      'an injected sidecar by its image',
      stuck(aContainer('proxy', { image: 'docker.io/istio/proxyv2:1.22.0' })),
      ms(5),
      'sidecar-dropped-restart-policy',
      'critical',
    ],
  ] as const)('raises for %s', (_name, pod, now, id, severity) => {
    const findings = detectFindings({ pod: aDigest(pod), now });
    expect(
      findings
        .filter((finding) => finding.id === 'init-never-completes' || finding.id === 'sidecar-dropped-restart-policy')
        .map((finding) => [finding.id, finding.severity]),
    ).toEqual([[id, severity]]);
  });

  it.each([
    ['a server-like init container that just started', stuck(aContainer('slow-sidecar', { ports: [8081] })), ms(20)],
    [
      'a completed init container',
      {
        initContainers: [aContainer('setup')],
        statuses: [aStatus('setup', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(2) }), { ready: true })],
      },
      ms(900),
    ],
    ['a native sidecar running for hours', { initContainers: [aNativeSidecar('istio-proxy')], statuses: [aStatus('istio-proxy', running(at(1)))] }, ms(9000)],
  ])('stays silent for %s', (_name, pod, now) => {
    const ids = detectFindings({ pod: aDigest(pod), now }).map((finding) => finding.id);
    expect(ids.filter((id) => id === 'init-never-completes' || id === 'sidecar-dropped-restart-policy')).toEqual([]);
  });
});
