/**
 * How pods end: a Job kept alive by a legacy sidecar and its native-sidecar version completing,
 * shutdown with a legacy sidecar leaving before the app versus native sidecars stopping after it
 * in reverse order, and a container SIGKILLed when the grace period runs out.
 */
import { aCondition, aContainer, aNativeSidecar, aProbe, aStatus, at, ms, running, terminated } from '../container-builders';
import { ownedBy, type PodOptions } from '../pod-builder';
import { snapshot, type SeedScenario } from './kit';

const scheduled = [aCondition('PodScheduled', 'True', at(0)), aCondition('Initialized', 'True', at(0))];
const proxyImage = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0';
const migrate = aContainer('migrate', { image: 'shop/migrate:1.4.0' });
const migrated = aStatus('migrate', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(3), finishedAt: at(20) }));

function jobBlocked(): SeedScenario {
  const base: PodOptions = { name: 'db-migrate-28731000-k2v9x', owner: ownedBy('Job', 'db-migrate-28731000'), restartPolicy: 'Never', containers: [migrate, aContainer('cloud-sql-proxy', { image: proxyImage })] };
  const proxy = aStatus('cloud-sql-proxy', running(at(1)));
  return {
    name: 'job-blocked-by-legacy-sidecar',
    seed: 'derived',
    description: 'A migration Job with cloud-sql-proxy as a regular container: migrate completes at 20 s, the proxy keeps running, the Job never finishes.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(3, 200, { ...base, conditions: scheduled, statuses: [aStatus('migrate', running(at(3))), proxy] }),
      snapshot(20, 300, { ...base, conditions: scheduled, statuses: [migrated, proxy] }),
    ],
    now: ms(600),
    expect: {
      raises: [{ id: 'job-blocked-by-sidecar', severity: 'critical', containers: ['cloud-sql-proxy'] }],
      mustNotRaise: ['sidecar-stopped-before-app', 'grace-period-exceeded', 'startup-race', 'container-crashloop'],
      startupOrder: ['cloud-sql-proxy', 'migrate'],
    },
  };
}

function jobNative(): SeedScenario {
  const probe = aProbe({ handler: 'tcpSocket', port: 5432, periodSeconds: 1, failureThreshold: 30 });
  const base: PodOptions = { name: 'db-migrate-28731060-r7d3q', owner: ownedBy('Job', 'db-migrate-28731060'), restartPolicy: 'Never', initContainers: [aNativeSidecar('cloud-sql-proxy', { image: proxyImage, startupProbe: probe })], containers: [migrate] };
  const done = [...scheduled, aCondition('PodReadyToStartContainers', 'False', at(22)), aCondition('Ready', 'False', at(20), 'PodCompleted')];
  return {
    name: 'job-native-sidecar-completes',
    seed: 'derived',
    description: 'The same Job with cloud-sql-proxy as a native sidecar: once migrate completes the kubelet stops the proxy and the pod Succeeds.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(1, 300, { ...base, phase: 'Pending', conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1), { started: false, ready: false }))] }),
      snapshot(2, 200, { ...base, phase: 'Pending', conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1)))] }),
      snapshot(3, 300, { ...base, conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1))), aStatus('migrate', running(at(3)))] }),
      snapshot(20, 300, { ...base, conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1))), migrated] }),
      snapshot(21, 400, { ...base, phase: 'Succeeded', conditions: done, statuses: [aStatus('cloud-sql-proxy', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(21) })), migrated] }),
    ],
    now: ms(600),
    expect: {
      raises: [],
      noCritical: true,
      mustNotRaise: ['job-blocked-by-sidecar', 'startup-race', 'sidecar-stopped-before-app', 'sidecar-crashloop', 'legacy-sidecar', 'sidecar-no-startup-probe'],
      startupOrder: ['cloud-sql-proxy', 'migrate'],
      shutdownOrder: ['migrate', 'cloud-sql-proxy'],
      status: 'Completed',
    },
  };
}

/** Deletion requested at 100 s with a 30 s grace period: `deletionTimestamp` is the 130 s deadline. */
const deleting: Pick<PodOptions, 'deletionTimestamp' | 'deletionGracePeriodSeconds'> = { deletionTimestamp: at(130), deletionGracePeriodSeconds: 30 };

function legacyShutdown(): SeedScenario {
  const base: PodOptions = { name: 'web-7d4b9c8f6d-q2x7z', owner: ownedBy('ReplicaSet', 'web-7d4b9c8f6d'), containers: [aContainer('app', { image: 'shop/web:4.1.0', preStop: true }), aContainer('envoy', { image: 'envoyproxy/envoy:v1.28.0' })] };
  const envoyDone = aStatus('envoy', terminated({ exitCode: 143, reason: 'Error', startedAt: at(1), finishedAt: at(101) }));
  return {
    name: 'shutdown-legacy-sidecar-before-app',
    seed: 'derived',
    description: 'On deletion the legacy envoy gets SIGTERM with the app and exits at once (143) while the app drains for 12 s without its proxy.',
    snapshots: [
      snapshot(1, 300, { ...base, conditions: scheduled, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))] }),
      snapshot(100, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('app', running(at(1))), aStatus('envoy', running(at(1)))] }),
      snapshot(101, 300, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('app', running(at(1))), envoyDone] }),
      snapshot(112, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(112) })), envoyDone] }),
    ],
    now: ms(113),
    expect: {
      raises: [{ id: 'sidecar-stopped-before-app', severity: 'warning', containers: ['envoy'] }],
      mustNotRaise: ['sidecar-crashloop', 'container-crashloop', 'grace-period-exceeded', 'sidecar-oomkilled', 'startup-race'],
      startupOrder: ['app', 'envoy'],
      shutdownOrder: ['envoy', 'app'],
      status: 'Terminating',
    },
  };
}

function nativeShutdown(): SeedScenario {
  const probe = aProbe({ port: 15021, periodSeconds: 1 });
  const base: PodOptions = {
    name: 'api-5c7d9f8b6-h3j5k',
    owner: ownedBy('ReplicaSet', 'api-5c7d9f8b6'),
    initContainers: [aNativeSidecar('vault-agent', { image: 'hashicorp/vault:1.17.2', startupProbe: aProbe({ handler: 'exec' }) }), aNativeSidecar('envoy', { image: 'envoyproxy/envoy:v1.31.0', startupProbe: probe })],
    containers: [aContainer('app', { image: 'shop/api:7.3.0' })],
  };
  const runningAll = [aStatus('vault-agent', running(at(1))), aStatus('envoy', running(at(2))), aStatus('app', running(at(3)))];
  const appDone = aStatus('app', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(3), finishedAt: at(105) }));
  const envoyDone = aStatus('envoy', terminated({ exitCode: 143, reason: 'Error', startedAt: at(2), finishedAt: at(106) }));
  const vaultDone = aStatus('vault-agent', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(106) }));
  return {
    name: 'shutdown-native-sidecars-reverse-order',
    seed: 'derived',
    description: 'Native sidecars stop after the app, in reverse declaration order: envoy then vault-agent, in the same reported second but 500 ms apart as observed.',
    snapshots: [
      snapshot(3, 300, { ...base, conditions: scheduled, statuses: runningAll }),
      snapshot(100, 200, { ...base, ...deleting, conditions: scheduled, statuses: runningAll }),
      snapshot(105, 300, { ...base, ...deleting, conditions: scheduled, statuses: [runningAll[0], runningAll[1], appDone].flatMap((status) => status ?? []) }),
      snapshot(106, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('vault-agent', running(at(1))), envoyDone, appDone] }),
      snapshot(106, 700, { ...base, ...deleting, conditions: scheduled, statuses: [vaultDone, envoyDone, appDone] }),
    ],
    now: ms(107),
    expect: {
      raises: [],
      noCritical: true,
      mustNotRaise: ['sidecar-stopped-before-app', 'sidecar-crashloop', 'grace-period-exceeded', 'job-blocked-by-sidecar', 'startup-race'],
      startupOrder: ['vault-agent', 'envoy', 'app'],
      shutdownOrder: ['app', 'envoy', 'vault-agent'],
      status: 'Terminating',
    },
  };
}

function sigkilled(): SeedScenario {
  const base: PodOptions = {
    name: 'worker-8b6c5d4f7-t9r2s',
    owner: ownedBy('ReplicaSet', 'worker-8b6c5d4f7'),
    initContainers: [aNativeSidecar('fluent-bit', { image: 'fluent/fluent-bit:3.1.4', startupProbe: aProbe({ port: 2020 }) })],
    containers: [aContainer('app', { image: 'shop/worker:2.0.0' })],
  };
  const killedAt = (name: string, startedAt: number) => aStatus(name, terminated({ exitCode: 137, reason: 'Error', startedAt: at(startedAt), finishedAt: at(130) }));
  return {
    name: 'grace-period-sigkill',
    seed: 'derived',
    description: 'The app ignores SIGTERM; at the end of the 30 s grace period the kubelet SIGKILLs it (137), and its native log sidecar with it.',
    snapshots: [
      snapshot(2, 300, { ...base, conditions: scheduled, statuses: [aStatus('fluent-bit', running(at(1))), aStatus('app', running(at(2)))] }),
      snapshot(100, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('fluent-bit', running(at(1))), aStatus('app', running(at(2)))] }),
      snapshot(130, 150, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('fluent-bit', running(at(1))), killedAt('app', 2)] }),
      snapshot(130, 400, { ...base, ...deleting, conditions: scheduled, statuses: [killedAt('fluent-bit', 1), killedAt('app', 2)] }),
    ],
    now: ms(131),
    expect: {
      raises: [{ id: 'grace-period-exceeded', severity: 'warning', containers: ['app'] }],
      mustNotRaise: ['sidecar-crashloop', 'container-crashloop', 'sidecar-oomkilled', 'sidecar-stopped-before-app'],
      startupOrder: ['fluent-bit', 'app'],
      shutdownOrder: ['app', 'fluent-bit'],
      status: 'Terminating',
    },
  };
}

/** Job completion and shutdown scenarios. */
export const LIFETIME_SCENARIOS: readonly SeedScenario[] = [jobBlocked(), jobNative(), legacyShutdown(), nativeShutdown(), sigkilled()];
