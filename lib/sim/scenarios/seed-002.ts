/**
 * Seed 002: the CronJob race between `sidecar-user` (curls once, exits 1 on failure) and
 * `slow-sidecar` (serves on 8081 after sleeping 5 s), in the four forms the seed walks through.
 * {@link SEED_002_FORMS} is the one declaration of the forms: the simulated cluster runs them
 * below, and the model's tests replay the seed's own captures of the same pods
 * (lib/model/testing/scenarios/seed-002.ts) under the same names.
 */
import type { Behaviour } from '../kubelet/behaviour';
import { container, type ContainerExtras, cronJob, type PodTemplate, type Scenario, type ScenarioContext } from './kit';

const NAMESPACE = 'cronjobs';

const behaviours: Record<string, Behaviour> = {
  'slow-sidecar': { pullMs: 300, serveAfterMs: 5_400, memory: { baseMi: 3 }, cpuMilli: 1, drainMs: 200 },
  'sidecar-user': { pullMs: 2_300, needs: { container: 'slow-sidecar', afterMs: 200 }, runMs: 600, exitCode: 0, memory: { baseMi: 2 }, cpuMilli: 2 },
};

const user = container('sidecar-user', 'zwindler/sidecar-user');
const slow = (extra: ContainerExtras = {}) => container('slow-sidecar', 'zwindler/slow-sidecar', { ports: [8081], ...extra });
const readiness = { readinessProbe: { httpGet: { path: '/', port: 8081 }, periodSeconds: 1 } };

/** One form of the seed: its scenario name, the CronJob that runs it, and the pod it makes. */
export interface Seed002Form {
  name: string;
  cronJob: string;
  summary: string;
  template: PodTemplate & { restartPolicy: 'Never' };
}

export const SEED_002_FORMS = {
  legacy: {
    name: 'seed-002-legacy-sidecar',
    cronJob: 'sidecar-cronjob',
    summary: 'slow-sidecar as a regular container: the user curls too early and exits 1',
    template: { restartPolicy: 'Never', containers: [slow(readiness), user] },
  },
  plainInit: {
    name: 'seed-002-plain-init',
    cronJob: 'sidecar-cronjob-init',
    summary: 'slow-sidecar as a plain init container: it never exits, the pod waits in Init:0/1',
    template: { restartPolicy: 'Never', initContainers: [slow()], containers: [user] },
  },
  nativeNoProbe: {
    name: 'seed-002-native-no-startup-probe',
    cronJob: 'sidecar-cronjob-native',
    summary: 'native sidecar without startupProbe: started at once, the user still fails',
    template: { restartPolicy: 'Never', initContainers: [slow({ restartPolicy: 'Always' })], containers: [user] },
  },
  nativeStartupProbe: {
    name: 'seed-002-native-startup-probe',
    cronJob: 'sidecar-cronjob-probe',
    summary: 'native sidecar with a startupProbe: the user starts once it serves and completes',
    template: {
      restartPolicy: 'Never',
      initContainers: [
        slow({ restartPolicy: 'Always', startupProbe: { httpGet: { path: '/', port: 8081 }, initialDelaySeconds: 5, periodSeconds: 1, failureThreshold: 5 } }),
      ],
      containers: [user],
    },
  },
} as const satisfies Record<string, Seed002Form>;

function race(form: Seed002Form): Scenario {
  return {
    name: form.name,
    namespace: NAMESPACE,
    summary: form.summary,
    template: form.template,
    start(ctx: ScenarioContext) {
      cronJob(ctx, { scenario: form.name, namespace: NAMESPACE, name: form.cronJob, template: form.template, behaviours });
    },
  };
}

export const legacySidecarRace = race(SEED_002_FORMS.legacy);
export const plainInitRace = race(SEED_002_FORMS.plainInit);
export const nativeNoProbeRace = race(SEED_002_FORMS.nativeNoProbe);
export const nativeStartupProbeRace = race(SEED_002_FORMS.nativeStartupProbe);
