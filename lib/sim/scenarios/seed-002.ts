/**
 * Seed 002: the CronJob race between `sidecar-user` (curls once, exits 1 on failure) and
 * `slow-sidecar` (serves on 8081 after sleeping 5 s), in the four forms the seed walks through.
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

function race(name: string, cron: string, summary: string, template: PodTemplate): Scenario {
  return {
    name,
    namespace: NAMESPACE,
    summary,
    start(ctx: ScenarioContext) {
      cronJob(ctx, { scenario: name, namespace: NAMESPACE, name: cron, template: { ...template, restartPolicy: 'Never' }, behaviours });
    },
  };
}

export const legacySidecarRace = race('seed-002-legacy-sidecar', 'sidecar-cronjob', 'slow-sidecar as a regular container: the user curls too early and exits 1', {
  containers: [slow(readiness), user],
});

export const plainInitRace = race('seed-002-plain-init', 'sidecar-cronjob-init', 'slow-sidecar as a plain init container: it never exits, the pod waits in Init:0/1', {
  initContainers: [slow()],
  containers: [user],
});

export const nativeNoProbeRace = race('seed-002-native-no-startup-probe', 'sidecar-cronjob-native', 'native sidecar without startupProbe: started at once, the user still fails', {
  initContainers: [slow({ restartPolicy: 'Always' })],
  containers: [user],
});

export const nativeStartupProbeRace = race('seed-002-native-startup-probe', 'sidecar-cronjob-probe', 'native sidecar with a startupProbe: the user starts once it serves and completes', {
  initContainers: [
    slow({
      restartPolicy: 'Always',
      startupProbe: { httpGet: { path: '/', port: 8081 }, initialDelaySeconds: 5, periodSeconds: 1, failureThreshold: 5 },
    }),
  ],
  containers: [user],
});
