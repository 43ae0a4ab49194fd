/**
 * Seeds 003 (nginx + log sidecars, init + sidecar), 001 (app + envoy + log-collector, "1000 pods =
 * 1000 sidecars") and 000 (the logging sidecar that buffers until it is OOM-killed). Where the
 * simulated cluster runs the same scenario, the pod is its (`scenarioTemplate`), under its name.
 */
import { scenarioTemplate } from '../../../sim/scenarios';
import { aCondition, aContainer, aStatus, at, ms, running, terminated } from '../container-builders';
import { ownedBy, type PodOptions } from '../pod-builder';
import { climbingMetrics, fromTemplate, rawPodMetrics, snapshot, type SeedScenario } from './kit';

const healthy = [
  aCondition('PodScheduled', 'True', at(0)),
  aCondition('Initialized', 'True', at(0)),
  aCondition('ContainersReady', 'True', at(4)),
  aCondition('Ready', 'True', at(4)),
];

function runningPod(options: PodOptions, names: string[], since: number): PodOptions {
  return { ...options, conditions: healthy, statuses: names.map((name) => aStatus(name, running(at(since)))) };
}

function sidecarDemo(): SeedScenario {
  const base: PodOptions = { name: 'sidecar-demo', ...fromTemplate(scenarioTemplate('seed-003-nginx-log-processor')) };
  return {
    name: 'seed-003-nginx-log-processor',
    seed: '003',
    description: 'nginx with a busybox log-processor tailing its access log through a shared emptyDir, both with requests and limits: healthy.',
    snapshots: [snapshot(0, 100, { ...base, phase: 'Pending' }), snapshot(4, 200, runningPod(base, ['nginx', 'log-processor'], 3))],
    now: ms(120),
    expect: {
      raises: [
        { id: 'legacy-sidecar', containers: ['log-processor'] },
        { id: 'unpinned-sidecar-image', containers: ['log-processor'] },
      ],
      noCritical: true,
      mustNotRaise: ['startup-race', 'sidecar-crashloop', 'sidecar-not-ready', 'job-blocked-by-sidecar', 'sidecar-no-resources'],
      startupOrder: ['nginx', 'log-processor'],
      status: 'Running',
    },
  };
}

function logForwarder(): SeedScenario {
  const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
    requests: { cpu, memory },
    limits: { cpu: cpuLimit, memory: memoryLimit },
  });
  const base: PodOptions = {
    name: 'nginx-log-forwarder',
    labels: { app: 'nginx-advanced' },
    containers: [
      aContainer('nginx', { image: 'nginx:latest', ports: [80], ...resources('100m', '64Mi', '200m', '128Mi') }),
      aContainer('log-forwarder', { image: 'busybox', ...resources('50m', '32Mi', '100m', '64Mi') }),
    ],
  };
  return {
    name: 'seed-003-nginx-log-forwarder',
    seed: '003',
    description: 'nginx with a log-forwarder that declares requests and limits, using well under them.',
    snapshots: [snapshot(0, 100, { ...base, phase: 'Pending' }), snapshot(4, 200, runningPod(base, ['nginx', 'log-forwarder'], 3))],
    metrics: [60, 120].map((seconds) =>
      rawPodMetrics('nginx-log-forwarder', seconds, { nginx: { cpuMilli: 20, memoryMi: 30 }, 'log-forwarder': { cpuMilli: 5, memoryMi: 12 } }),
    ),
    now: ms(130),
    expect: {
      raises: [
        { id: 'legacy-sidecar', containers: ['log-forwarder'] },
        { id: 'unpinned-sidecar-image', containers: ['log-forwarder'] },
      ],
      noCritical: true,
      mustNotRaise: ['sidecar-no-resources', 'sidecar-over-request', 'sidecar-near-memory-limit', 'startup-race'],
      startupOrder: ['nginx', 'log-forwarder'],
      status: 'Running',
    },
  };
}

function initAndSidecar(): SeedScenario {
  const base: PodOptions = { name: 'init-and-sidecar', ...fromTemplate(scenarioTemplate('seed-003-init-and-sidecar')) };
  const setupDone = aStatus('setup', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(2) }), { ready: true, started: false });
  return {
    name: 'seed-003-init-and-sidecar',
    seed: '003',
    description: 'An init container writes config, then the app and a monitoring sidecar run together.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(4, 300, { ...base, conditions: healthy, statuses: [setupDone, aStatus('app', running(at(3))), aStatus('sidecar-monitor', running(at(3)))] }),
    ],
    now: ms(120),
    expect: {
      raises: [
        { id: 'legacy-sidecar', containers: ['sidecar-monitor'] },
        { id: 'sidecar-no-resources', containers: ['sidecar-monitor'] },
      ],
      noCritical: true,
      mustNotRaise: ['init-never-completes', 'startup-race', 'sidecar-dropped-restart-policy'],
      startupOrder: ['setup', 'app', 'sidecar-monitor'],
      status: 'Running',
    },
  };
}

function myapp(): SeedScenario {
  const base: PodOptions = {
    name: 'myapp-6b7f9c5d8-x2k4p',
    owner: ownedBy('ReplicaSet', 'myapp-6b7f9c5d8'),
    ...fromTemplate(scenarioTemplate('seed-001-envoy-fluentd')),
    labels: { app: 'myapp', 'pod-template-hash': '6b7f9c5d8' },
  };
  const names = ['app', 'envoy', 'log-collector'];
  return {
    name: 'seed-001-envoy-fluentd',
    seed: '001',
    description: 'app + envoy + log-collector as regular containers with requests only: 650m CPU and 448Mi requested per pod, a third of it sidecars.',
    snapshots: [snapshot(0, 100, { ...base, phase: 'Pending' }), snapshot(3, 200, runningPod(base, names, 2))],
    metrics: [60, 120, 180].map((seconds) =>
      rawPodMetrics(base.name ?? 'myapp', seconds, {
        app: { cpuMilli: 300, memoryMi: 200 },
        envoy: { cpuMilli: 40, memoryMi: 60 },
        'log-collector': { cpuMilli: 20, memoryMi: 48 },
      }),
    ),
    cluster: { serverVersion: { major: 1, minor: 30 } },
    now: ms(200),
    expect: {
      raises: [
        { id: 'legacy-sidecar', severity: 'info', containers: ['envoy', 'log-collector'] },
        { id: 'sidecar-no-resources', containers: ['envoy', 'log-collector'] },
      ],
      noCritical: true,
      mustNotRaise: ['unpinned-sidecar-image', 'sidecar-over-request', 'sidecar-near-memory-limit', 'startup-race'],
      startupOrder: names,
      status: 'Running',
    },
  };
}

function loggingOom(): SeedScenario {
  const base: PodOptions = {
    name: 'checkout-7c9d4f6b8-abcde',
    owner: ownedBy('ReplicaSet', 'checkout-7c9d4f6b8'),
    ...fromTemplate(scenarioTemplate('seed-000-logger-oom')),
  };
  const oom = terminated({ exitCode: 0, reason: 'OOMKilled', startedAt: null, finishedAt: at(600) });
  const steady = { checkout: { cpuMilli: 120, memoryMi: 180 } };
  return {
    name: 'seed-000-logger-oom',
    seed: '000',
    description:
      'A logging sidecar that cannot reach its backend buffers in memory until it is OOM-killed (published as exit 0 with startedAt null), then climbs again.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(2, 300, runningPod(base, ['checkout', 'fluent-bit'], 2)),
      snapshot(601, 200, {
        ...base,
        conditions: healthy,
        statuses: [aStatus('checkout', running(at(2))), aStatus('fluent-bit', running(at(601)), { restartCount: 1, lastState: oom })],
      }),
    ],
    metrics: [
      ...climbingMetrics(
        base.name ?? 'checkout',
        { fromSeconds: 60, stepSeconds: 60, count: 9 },
        { container: 'fluent-bit', fromMi: 40, toMi: 250, cpuMilli: 30 },
        steady,
      ),
      ...climbingMetrics(
        base.name ?? 'checkout',
        { fromSeconds: 660, stepSeconds: 60, count: 9 },
        { container: 'fluent-bit', fromMi: 30, toMi: 236, cpuMilli: 30 },
        steady,
      ),
    ],
    now: ms(1150),
    expect: {
      raises: [
        { id: 'sidecar-oomkilled', severity: 'critical', containers: ['fluent-bit'] },
        { id: 'sidecar-near-memory-limit', containers: ['fluent-bit'] },
        { id: 'sidecar-over-request', containers: ['fluent-bit'] },
      ],
      mustNotRaise: ['container-oomkilled', 'sidecar-crashloop', 'container-crashloop', 'sidecar-no-resources'],
      startupOrder: ['checkout', 'fluent-bit'],
      status: 'Running',
    },
  };
}

/** Seeds 000, 001 and 003. */
export const SEED_000_001_003_SCENARIOS: readonly SeedScenario[] = [sidecarDemo(), logForwarder(), initAndSidecar(), myapp(), loggingOom()];
