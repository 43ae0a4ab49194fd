/**
 * How pods end: a Job kept alive by a legacy sidecar and its native-sidecar version completing,
 * shutdown with a legacy sidecar leaving before the app versus native sidecars stopping after it
 * in reverse order, and a container SIGKILLed when the grace period runs out. The pods are the
 * simulated cluster's scenarios of the same names (`scenarioTemplate`); what is declared here is
 * what a watcher saw of them.
 */
import { scenarioTemplate } from '../../../sim/scenarios';
import { aCondition, aStatus, at, ms, running, terminated } from '../container-builders';
import { ownedBy, type PodOptions } from '../pod-builder';
import { fromTemplate, snapshot, type SeedScenario } from './kit';

const scheduled = [aCondition('PodScheduled', 'True', at(0)), aCondition('Initialized', 'True', at(0))];
const exported = aStatus('exporter', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(3), finishedAt: at(20) }));

function jobBlocked(): SeedScenario {
  const base: PodOptions = {
    name: 'report-export-k2v9x',
    owner: ownedBy('Job', 'report-export'),
    ...fromTemplate(scenarioTemplate('job-legacy-sidecar-forever')),
  };
  // The kubelet starts regular containers in declaration order, each after its image pull: the
  // exporter, declared first, starts before the proxy.
  const exporter = { startedAt: at(2) };
  const proxy = aStatus('cloud-sql-proxy', running(at(3)));
  const done = aStatus('exporter', terminated({ exitCode: 0, reason: 'Completed', ...exporter, finishedAt: at(20) }));
  return {
    name: 'job-legacy-sidecar-forever',
    seed: 'derived',
    description: 'A Job with cloud-sql-proxy as a regular container: exporter completes at 20 s, the proxy keeps running, the Job never finishes.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(3, 200, { ...base, conditions: scheduled, statuses: [aStatus('exporter', running(exporter.startedAt)), proxy] }),
      snapshot(20, 300, { ...base, conditions: scheduled, statuses: [done, proxy] }),
    ],
    now: ms(600),
    expect: {
      raises: [{ id: 'job-blocked-by-sidecar', severity: 'critical', containers: ['cloud-sql-proxy'] }],
      mustNotRaise: ['sidecar-stopped-before-app', 'grace-period-exceeded', 'startup-race', 'container-crashloop'],
      startupOrder: ['exporter', 'cloud-sql-proxy'],
    },
  };
}

function jobNative(): SeedScenario {
  const base: PodOptions = {
    name: 'report-export-native-28731060-r7d3q',
    owner: ownedBy('Job', 'report-export-native-28731060'),
    ...fromTemplate(scenarioTemplate('job-native-sidecar-completes')),
  };
  const done = [...scheduled, aCondition('PodReadyToStartContainers', 'False', at(22)), aCondition('Ready', 'False', at(20), 'PodCompleted')];
  return {
    name: 'job-native-sidecar-completes',
    seed: 'derived',
    description:
      'The same Job with cloud-sql-proxy as a native sidecar (no startupProbe: started as soon as it runs): once exporter completes the kubelet stops the proxy and the pod Succeeds.',
    snapshots: [
      snapshot(0, 100, { ...base, phase: 'Pending' }),
      snapshot(1, 300, { ...base, phase: 'Pending', conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1)))] }),
      snapshot(3, 300, { ...base, conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1))), aStatus('exporter', running(at(3)))] }),
      snapshot(20, 300, { ...base, conditions: scheduled, statuses: [aStatus('cloud-sql-proxy', running(at(1))), exported] }),
      snapshot(21, 400, {
        ...base,
        phase: 'Succeeded',
        conditions: done,
        statuses: [aStatus('cloud-sql-proxy', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(21) })), exported],
      }),
    ],
    now: ms(600),
    expect: {
      raises: [{ id: 'sidecar-no-startup-probe', containers: ['cloud-sql-proxy'] }],
      noCritical: true,
      mustNotRaise: ['job-blocked-by-sidecar', 'startup-race', 'sidecar-stopped-before-app', 'sidecar-crashloop', 'legacy-sidecar'],
      startupOrder: ['cloud-sql-proxy', 'exporter'],
      shutdownOrder: ['exporter', 'cloud-sql-proxy'],
      status: 'Completed',
    },
  };
}

/** Deletion requested at 100 s with a 30 s grace period: `deletionTimestamp` is the 130 s deadline. */
const deleting: Pick<PodOptions, 'deletionTimestamp' | 'deletionGracePeriodSeconds'> = { deletionTimestamp: at(130), deletionGracePeriodSeconds: 30 };

function legacyShutdown(): SeedScenario {
  const base: PodOptions = {
    name: 'orders-7d4b9c8f6d-q2x7z',
    owner: ownedBy('ReplicaSet', 'orders-7d4b9c8f6d'),
    ...fromTemplate(scenarioTemplate('shutdown-legacy-before-app')),
  };
  const envoyDone = aStatus('envoy', terminated({ exitCode: 143, reason: 'Error', startedAt: at(1), finishedAt: at(101) }));
  return {
    name: 'shutdown-legacy-before-app',
    seed: 'derived',
    description: 'On deletion the legacy envoy gets SIGTERM with orders and exits at once (143) while orders drains for 12 s without its proxy.',
    snapshots: [
      snapshot(1, 300, { ...base, conditions: scheduled, statuses: [aStatus('orders', running(at(1))), aStatus('envoy', running(at(1)))] }),
      snapshot(100, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('orders', running(at(1))), aStatus('envoy', running(at(1)))] }),
      snapshot(101, 300, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('orders', running(at(1))), envoyDone] }),
      snapshot(112, 200, {
        ...base,
        ...deleting,
        conditions: scheduled,
        statuses: [aStatus('orders', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(112) })), envoyDone],
      }),
    ],
    now: ms(113),
    expect: {
      raises: [{ id: 'sidecar-stopped-before-app', severity: 'warning', containers: ['envoy'] }],
      mustNotRaise: ['sidecar-crashloop', 'container-crashloop', 'grace-period-exceeded', 'sidecar-oomkilled', 'startup-race'],
      startupOrder: ['orders', 'envoy'],
      shutdownOrder: ['envoy', 'orders'],
      status: 'Terminating',
    },
  };
}

function nativeShutdown(): SeedScenario {
  const base: PodOptions = {
    name: 'orders-native-5c7d9f8b6-h3j5k',
    owner: ownedBy('ReplicaSet', 'orders-native-5c7d9f8b6'),
    ...fromTemplate(scenarioTemplate('shutdown-native-reverse-order')),
  };
  const runningAll = [aStatus('envoy', running(at(1))), aStatus('fluent-bit', running(at(2))), aStatus('orders', running(at(3)))];
  const ordersDone = aStatus('orders', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(3), finishedAt: at(105) }));
  const fluentBitDone = aStatus('fluent-bit', terminated({ exitCode: 143, reason: 'Error', startedAt: at(2), finishedAt: at(106) }));
  const envoyDone = aStatus('envoy', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(1), finishedAt: at(106) }));
  return {
    name: 'shutdown-native-reverse-order',
    seed: 'derived',
    description:
      'Native sidecars stop after the app, in reverse declaration order: fluent-bit then envoy, in the same reported second but 500 ms apart as observed.',
    snapshots: [
      snapshot(3, 300, { ...base, conditions: scheduled, statuses: runningAll }),
      snapshot(100, 200, { ...base, ...deleting, conditions: scheduled, statuses: runningAll }),
      snapshot(105, 300, {
        ...base,
        ...deleting,
        conditions: scheduled,
        statuses: [runningAll[0], runningAll[1], ordersDone].flatMap((status) => status ?? []),
      }),
      snapshot(106, 200, { ...base, ...deleting, conditions: scheduled, statuses: [aStatus('envoy', running(at(1))), fluentBitDone, ordersDone] }),
      snapshot(106, 700, { ...base, ...deleting, conditions: scheduled, statuses: [envoyDone, fluentBitDone, ordersDone] }),
    ],
    now: ms(107),
    expect: {
      raises: [],
      noCritical: true,
      mustNotRaise: ['sidecar-stopped-before-app', 'sidecar-crashloop', 'grace-period-exceeded', 'job-blocked-by-sidecar', 'startup-race'],
      startupOrder: ['envoy', 'fluent-bit', 'orders'],
      shutdownOrder: ['orders', 'fluent-bit', 'envoy'],
      status: 'Terminating',
    },
  };
}

function sigkilled(): SeedScenario {
  const base: PodOptions = {
    name: 'legacy-api-8b6c5d4f7-t9r2s',
    owner: ownedBy('ReplicaSet', 'legacy-api-8b6c5d4f7'),
    ...fromTemplate(scenarioTemplate('shutdown-grace-period-sigkill')),
  };
  /** Deletion requested at 100 s with the pod's 10 s grace period: the deadline is 110 s. */
  const deletingFast: Pick<PodOptions, 'deletionTimestamp' | 'deletionGracePeriodSeconds'> = { deletionTimestamp: at(110), deletionGracePeriodSeconds: 10 };
  const fluentBitDone = aStatus('fluent-bit', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(2), finishedAt: at(100) }));
  const runningApi = aStatus('legacy-api', running(at(2)));
  return {
    name: 'shutdown-grace-period-sigkill',
    seed: 'derived',
    description:
      'legacy-api ignores SIGTERM; at the end of the 10 s grace period the kubelet SIGKILLs it (137). Its legacy fluent-bit sidecar got SIGTERM with it and left at once.',
    snapshots: [
      snapshot(2, 300, { ...base, conditions: scheduled, statuses: [runningApi, aStatus('fluent-bit', running(at(2)))] }),
      snapshot(100, 200, { ...base, ...deletingFast, conditions: scheduled, statuses: [runningApi, aStatus('fluent-bit', running(at(2)))] }),
      snapshot(100, 700, { ...base, ...deletingFast, conditions: scheduled, statuses: [runningApi, fluentBitDone] }),
      snapshot(110, 150, {
        ...base,
        ...deletingFast,
        conditions: scheduled,
        statuses: [aStatus('legacy-api', terminated({ exitCode: 137, reason: 'Error', startedAt: at(2), finishedAt: at(110) })), fluentBitDone],
      }),
    ],
    now: ms(111),
    expect: {
      raises: [
        { id: 'grace-period-exceeded', severity: 'warning', containers: ['legacy-api'] },
        { id: 'sidecar-stopped-before-app', containers: ['fluent-bit'] },
      ],
      mustNotRaise: ['sidecar-crashloop', 'container-crashloop', 'sidecar-oomkilled'],
      startupOrder: ['legacy-api', 'fluent-bit'],
      shutdownOrder: ['fluent-bit', 'legacy-api'],
      status: 'Terminating',
    },
  };
}

/** Job completion and shutdown scenarios. */
export const LIFETIME_SCENARIOS: readonly SeedScenario[] = [jobBlocked(), jobNative(), legacyShutdown(), nativeShutdown(), sigkilled()];
