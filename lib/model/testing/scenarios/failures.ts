/**
 * Failure scenarios the design asks for beyond the seeds' own text: a sidecar crash-looping with
 * the 10 s doubling back-off, a native sidecar that never becomes started, and a sidecar whose
 * `restartPolicy` an old admission webhook dropped.
 */
import { aCondition, aContainer, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated, waiting } from '../container-builders';
import { ownedBy, type PodOptions } from '../pod-builder';
import { rawEvent, snapshot, type ScenarioSnapshot, type SeedScenario } from './kit';

const notReady = [
  aCondition('PodScheduled', 'True', at(0)),
  aCondition('Initialized', 'True', at(0)),
  aCondition('Ready', 'False', at(2), 'ContainersNotReady'),
];

function crashloop(): SeedScenario {
  const name = 'payments-5d8f7c9b4-xk2lq';
  const base: PodOptions = {
    name,
    owner: ownedBy('ReplicaSet', 'payments-5d8f7c9b4'),
    containers: [aContainer('app', { image: 'shop/payments:2.4.0' }), aContainer('envoy', { image: 'envoyproxy/envoy:v1.28.0', ports: [9901] })],
  };
  const app = aStatus('app', running(at(1)));
  const runs = [
    [1, 2],
    [12, 13],
    [33, 34],
    [74, 75],
  ] as const;
  const exited = (index: number) => {
    const [start, end] = runs[index] ?? [0, 0];
    return terminated({ exitCode: 1, reason: 'Error', startedAt: at(start), finishedAt: at(end) });
  };
  const envoy = (state: Parameters<typeof aStatus>[1], restartCount: number, last?: number) =>
    aStatus('envoy', state, { restartCount, ...(last === undefined ? {} : { lastState: exited(last) }) });
  const backOff = (seconds: string) =>
    waiting('CrashLoopBackOff', `back-off ${seconds} restarting failed container=envoy pod=${name}_default(uid-default-${name})`);
  const at0 = (seconds: number, offset: number, status: ReturnType<typeof aStatus>): ScenarioSnapshot =>
    snapshot(seconds, offset, { ...base, conditions: notReady, statuses: [app, status] });
  return {
    name: 'sidecar-crashloop-backoff',
    seed: 'derived',
    description: 'envoy exits 1 on every start; the kubelet restarts it after 10 s, 20 s, 40 s, then backs off 1m20s (the back-off doubles to a 5 min cap).',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      at0(1, 200, envoy(running(at(1)), 0)),
      at0(2, 300, envoy(exited(0), 0)),
      at0(3, 100, envoy(backOff('10s'), 1, 0)),
      at0(12, 300, envoy(running(at(12)), 1, 0)),
      at0(13, 200, envoy(backOff('20s'), 2, 1)),
      at0(33, 300, envoy(running(at(33)), 2, 1)),
      at0(34, 400, envoy(backOff('40s'), 3, 2)),
      at0(74, 200, envoy(running(at(74)), 3, 2)),
      at0(75, 300, envoy(backOff('1m20s'), 4, 3)),
    ],
    events: [
      rawEvent({
        pod: name,
        reason: 'BackOff',
        message: 'Back-off restarting failed container envoy',
        fieldPath: 'spec.containers{envoy}',
        first: 3,
        last: 75,
        count: 4,
      }),
    ],
    now: ms(100),
    expect: {
      raises: [{ id: 'sidecar-crashloop', severity: 'critical', containers: ['envoy'] }],
      mustNotRaise: ['container-crashloop', 'sidecar-oomkilled', 'startup-race'],
      startupOrder: ['app', 'envoy'],
      status: 'CrashLoopBackOff',
    },
  };
}

function startupBlocked(): SeedScenario {
  const name = 'orders-6f5b8d7c9-p8m2n';
  const probe = aProbe({ port: 15021, path: '/healthz/ready', periodSeconds: 1, failureThreshold: 30 });
  const base: PodOptions = {
    name,
    owner: ownedBy('ReplicaSet', 'orders-6f5b8d7c9'),
    initContainers: [
      aNativeSidecar('istio-proxy', {
        image: 'docker.io/istio/proxyv2:1.22.0',
        startupProbe: probe,
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '1Gi' },
      }),
    ],
    containers: [aContainer('app', { image: 'shop/orders:5.0.2' })],
    phase: 'Pending',
  };
  const conditions = [aCondition('PodScheduled', 'True', at(0)), aCondition('Initialized', 'False', at(0), 'ContainersNotInitialized')];
  const killed = terminated({ exitCode: 137, reason: 'Error', startedAt: at(33), finishedAt: at(63) });
  return {
    name: 'native-sidecar-startup-blocked',
    seed: 'derived',
    description:
      'istio-proxy (native, startupProbe) cannot reach istiod: its startupProbe fails, it is restarted, and the app never starts; the pod sits in Init.',
    snapshots: [
      snapshot(0, 100, { ...base, conditions }),
      snapshot(1, 200, {
        ...base,
        conditions,
        statuses: [aStatus('istio-proxy', running(at(1), { started: false, ready: false })), aStatus('app', waiting('PodInitializing'))],
      }),
      snapshot(65, 300, {
        ...base,
        conditions,
        statuses: [
          aStatus('istio-proxy', running(at(64), { started: false, ready: false }), { restartCount: 2, lastState: killed }),
          aStatus('app', waiting('PodInitializing')),
        ],
      }),
    ],
    events: [
      rawEvent({
        pod: name,
        reason: 'Unhealthy',
        message: 'Startup probe failed: HTTP probe failed with statuscode: 503',
        fieldPath: 'spec.initContainers{istio-proxy}',
        first: 2,
        last: 88,
        count: 60,
      }),
    ],
    now: ms(90),
    expect: {
      raises: [{ id: 'sidecar-startup-blocked', severity: 'critical', containers: ['istio-proxy'] }],
      mustNotRaise: ['startup-race', 'init-never-completes', 'sidecar-dropped-restart-policy', 'sidecar-no-startup-probe', 'legacy-sidecar'],
      startupOrder: ['istio-proxy'],
      status: 'Init:0/1',
    },
  };
}

function droppedRestartPolicy(): SeedScenario {
  const base: PodOptions = {
    name: 'reviews-v2-7d9c6b5f4-q4w8e',
    owner: ownedBy('ReplicaSet', 'reviews-v2-7d9c6b5f4'),
    initContainers: [aContainer('istio-proxy', { image: 'docker.io/istio/proxyv2:1.22.0', ports: [15090] })],
    containers: [aContainer('app', { image: 'bookinfo/reviews:1.20.1' })],
    phase: 'Pending',
  };
  const conditions = [aCondition('PodScheduled', 'True', at(0)), aCondition('Initialized', 'False', at(0), 'ContainersNotInitialized')];
  return {
    name: 'sidecar-dropped-restart-policy',
    seed: 'derived',
    description:
      "An admission webhook built against a pre-1.28 API rewrote the pod and dropped istio-proxy's restartPolicy: Always; it now runs as a plain init container forever.",
    snapshots: [
      snapshot(0, 100, { ...base, conditions }),
      snapshot(1, 300, {
        ...base,
        conditions,
        statuses: [aStatus('istio-proxy', running(at(1), { ready: false })), aStatus('app', waiting('PodInitializing'))],
      }),
    ],
    now: ms(300),
    expect: {
      raises: [{ id: 'sidecar-dropped-restart-policy', severity: 'critical', containers: ['istio-proxy'] }],
      mustNotRaise: ['init-never-completes', 'sidecar-startup-blocked', 'startup-race'],
      startupOrder: ['istio-proxy'],
      status: 'Init:0/1',
    },
  };
}

/** Crash loop, blocked startup, dropped restartPolicy. */
export const FAILURE_SCENARIOS: readonly SeedScenario[] = [crashloop(), startupBlocked(), droppedRestartPolicy()];
