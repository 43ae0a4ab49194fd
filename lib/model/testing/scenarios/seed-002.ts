/**
 * Seed 002 (sidecar-container-example, 2024-07-19 15:38 +0200): a CronJob whose `sidecar-user`
 * curls `slow-sidecar` (a web server that sleeps 5 s before serving on 8081), in its four forms.
 * The pods are the simulated cluster's (`SEED_002_FORMS`), under the same names; what is declared
 * here is what the seed captured of them: statuses and their times.
 */
import { SEED_002_FORMS, type Seed002Form } from '../../../sim/scenarios/seed-002';
import { aCondition, aStatus, at, ms, running, terminated, waiting } from '../container-builders';
import { ownedBy, type PodOptions } from '../pod-builder';
import { fromTemplate, snapshot, type SeedScenario } from './kit';

/** The pod of `form` as its CronJob's Job named it in the seed's run. */
function job(name: string, form: Seed002Form): PodOptions {
  return { name, owner: ownedBy('Job', name.replace(/-[a-z0-9]{5}$/, '')), nodeName: 'node-1', ...fromTemplate(form.template) };
}

const scheduled = [aCondition('PodScheduled', 'True', at(0))];

function form1(): SeedScenario {
  const base = job('sidecar-cronjob-28689938-5n5x9', SEED_002_FORMS.legacy);
  const conditions = [...scheduled, aCondition('Initialized', 'True', at(0)), aCondition('Ready', 'False', at(0), 'ContainersNotReady')];
  return {
    name: SEED_002_FORMS.legacy.name,
    seed: '002',
    description: 'Legacy sidecar: both start in parallel; sidecar-user exits 1 at 15:38:05 while slow-sidecar (started 15:38:03) is not ready until 15:38:08.',
    snapshots: [
      snapshot(0, 150, { ...base, phase: 'Pending', conditions: scheduled }),
      snapshot(3, 400, {
        ...base,
        conditions,
        statuses: [aStatus('sidecar-user', waiting('ContainerCreating')), aStatus('slow-sidecar', running(at(3), { ready: false }))],
      }),
      snapshot(5, 600, {
        ...base,
        conditions,
        statuses: [
          aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(5), finishedAt: at(5) })),
          aStatus('slow-sidecar', running(at(3), { ready: false })),
        ],
      }),
      snapshot(8, 350, {
        ...base,
        conditions,
        statuses: [
          aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(5), finishedAt: at(5) })),
          aStatus('slow-sidecar', running(at(3))),
        ],
      }),
    ],
    now: ms(9),
    expect: {
      raises: [
        { id: 'startup-race', severity: 'critical', containers: ['slow-sidecar'] },
        { id: 'job-blocked-by-sidecar', containers: ['slow-sidecar'] },
        { id: 'legacy-sidecar', containers: ['slow-sidecar'] },
      ],
      mustNotRaise: ['init-never-completes', 'sidecar-no-startup-probe', 'container-crashloop', 'sidecar-crashloop', 'sidecar-not-ready'],
      startupOrder: ['slow-sidecar', 'sidecar-user'],
      status: 'Error',
    },
  };
}

function form2(): SeedScenario {
  const base = job('sidecar-cronjob-28689955-lzbnf', SEED_002_FORMS.plainInit);
  const conditions = [
    ...scheduled,
    aCondition('Initialized', 'False', at(0), 'ContainersNotInitialized'),
    aCondition('Ready', 'False', at(0), 'ContainersNotReady'),
  ];
  return {
    name: SEED_002_FORMS.plainInit.name,
    seed: '002',
    description: 'slow-sidecar declared as a plain init container: it serves forever, so sidecar-user never starts (Init:0/1 forever).',
    snapshots: [
      snapshot(0, 150, { ...base, phase: 'Pending', conditions: scheduled }),
      snapshot(1, 300, {
        ...base,
        phase: 'Pending',
        conditions,
        statuses: [aStatus('slow-sidecar', running(at(1), { ready: false })), aStatus('sidecar-user', waiting('PodInitializing'))],
      }),
    ],
    now: ms(300),
    expect: {
      raises: [{ id: 'init-never-completes', severity: 'critical', containers: ['slow-sidecar'] }],
      mustNotRaise: ['sidecar-dropped-restart-policy', 'startup-race', 'sidecar-startup-blocked', 'job-blocked-by-sidecar', 'legacy-sidecar'],
      startupOrder: ['slow-sidecar'],
      status: 'Init:0/1',
    },
  };
}

function form3(): SeedScenario {
  const base = job('sidecar-cronjob-28689958-zrmhh', SEED_002_FORMS.nativeNoProbe);
  const starting = [
    ...scheduled,
    aCondition('PodReadyToStartContainers', 'True', at(1)),
    aCondition('Initialized', 'True', at(2)),
    aCondition('Ready', 'False', at(0), 'ContainersNotReady'),
  ];
  const finished = [
    ...scheduled,
    aCondition('PodReadyToStartContainers', 'False', at(4)),
    aCondition('Initialized', 'True', at(2)),
    aCondition('Ready', 'False', at(3), 'PodFailed'),
  ];
  const failedUser = aStatus('sidecar-user', terminated({ exitCode: 1, reason: 'Error', startedAt: at(2), finishedAt: at(3) }));
  return {
    name: SEED_002_FORMS.nativeNoProbe.name,
    seed: '002',
    description: 'Native sidecar without startupProbe: started as soon as its process runs, so sidecar-user starts at once and still fails.',
    snapshots: [
      snapshot(0, 120, { ...base, phase: 'Pending', conditions: scheduled }),
      snapshot(2, 100, {
        ...base,
        phase: 'Pending',
        conditions: starting,
        statuses: [aStatus('slow-sidecar', running(at(2))), aStatus('sidecar-user', waiting('PodInitializing'))],
      }),
      snapshot(2, 700, {
        ...base,
        conditions: starting,
        statuses: [aStatus('slow-sidecar', running(at(2))), aStatus('sidecar-user', running(at(2), { ready: false }))],
      }),
      snapshot(3, 200, { ...base, conditions: starting, statuses: [aStatus('slow-sidecar', running(at(2))), failedUser] }),
      snapshot(4, 500, {
        ...base,
        phase: 'Failed',
        conditions: finished,
        statuses: [aStatus('slow-sidecar', terminated({ exitCode: 143, reason: 'Error', startedAt: at(2), finishedAt: at(4) })), failedUser],
      }),
    ],
    now: ms(10),
    expect: {
      raises: [
        { id: 'startup-race', severity: 'critical', containers: ['slow-sidecar'] },
        { id: 'sidecar-no-startup-probe', containers: ['slow-sidecar'] },
      ],
      mustNotRaise: [
        'sidecar-crashloop',
        'sidecar-stopped-before-app',
        'job-blocked-by-sidecar',
        'grace-period-exceeded',
        'init-never-completes',
        'sidecar-oomkilled',
        'legacy-sidecar',
      ],
      startupOrder: ['slow-sidecar', 'sidecar-user'],
      shutdownOrder: ['sidecar-user', 'slow-sidecar'],
      status: 'Error',
    },
  };
}

function form4(): SeedScenario {
  const base = job('sidecar-cronjob-28689977-lt77c', SEED_002_FORMS.nativeStartupProbe);
  const init = [...scheduled, aCondition('PodReadyToStartContainers', 'True', at(1)), aCondition('Initialized', 'False', at(0), 'ContainersNotInitialized')];
  const started = [...scheduled, aCondition('PodReadyToStartContainers', 'True', at(1)), aCondition('Initialized', 'True', at(6))];
  const done = [
    ...scheduled,
    aCondition('PodReadyToStartContainers', 'False', at(8)),
    aCondition('Initialized', 'True', at(6)),
    aCondition('Ready', 'False', at(7), 'PodCompleted'),
  ];
  const completedUser = aStatus('sidecar-user', terminated({ exitCode: 0, reason: 'Completed', startedAt: at(6), finishedAt: at(7) }));
  const slowRunning = (flags: { started: boolean; ready: boolean }) => aStatus('slow-sidecar', running(at(1), flags));
  return {
    name: SEED_002_FORMS.nativeStartupProbe.name,
    seed: '002',
    description:
      'Native sidecar with a startupProbe: sidecar-user starts only once slow-sidecar serves (6 s) and completes; the kubelet then stops the sidecar.',
    snapshots: [
      snapshot(0, 120, { ...base, phase: 'Pending', conditions: scheduled }),
      snapshot(1, 300, {
        ...base,
        phase: 'Pending',
        conditions: init,
        statuses: [slowRunning({ started: false, ready: false }), aStatus('sidecar-user', waiting('PodInitializing'))],
      }),
      snapshot(6, 200, {
        ...base,
        phase: 'Pending',
        conditions: started,
        statuses: [slowRunning({ started: true, ready: false }), aStatus('sidecar-user', waiting('PodInitializing'))],
      }),
      snapshot(6, 600, {
        ...base,
        phase: 'Pending',
        conditions: started,
        statuses: [slowRunning({ started: true, ready: true }), aStatus('sidecar-user', waiting('PodInitializing'))],
      }),
      snapshot(7, 300, { ...base, conditions: started, statuses: [slowRunning({ started: true, ready: true }), completedUser] }),
      snapshot(8, 100, {
        ...base,
        phase: 'Succeeded',
        conditions: done,
        statuses: [aStatus('slow-sidecar', terminated({ exitCode: 143, reason: 'Error', startedAt: at(1), finishedAt: at(8) })), completedUser],
      }),
    ],
    now: ms(30),
    expect: {
      raises: [],
      noCritical: true,
      mustNotRaise: [
        'startup-race',
        'sidecar-no-startup-probe',
        'sidecar-crashloop',
        'container-crashloop',
        'sidecar-stopped-before-app',
        'job-blocked-by-sidecar',
        'grace-period-exceeded',
        'sidecar-startup-blocked',
      ],
      startupOrder: ['slow-sidecar', 'sidecar-user'],
      shutdownOrder: ['sidecar-user', 'slow-sidecar'],
      status: 'Completed',
    },
  };
}

/** The four forms of seed 002. */
export const SEED_002_SCENARIOS: readonly SeedScenario[] = [form1(), form2(), form3(), form4()];
