/** Every scenario the simulated cluster can run, by the name the dashboard and tests use. */
import type { PodTemplate, Scenario } from './kit';
import { envoyFluentd, loggerOom } from './seed-001-000';
import { legacySidecarRace, nativeNoProbeRace, nativeStartupProbeRace, plainInitRace } from './seed-002';
import { linkerdInjectedRace } from './mesh-injected';
import { sidecarChildOom, sidecarThrottled } from './prometheus-cases';
import { initAndSidecar, nginxLogProcessor } from './seed-003';
import { jobLegacyForever, jobNativeCompletes, shutdownLegacy, shutdownNative, shutdownSigkill, sidecarCrashloop } from './sidecar-cases';
import { storefrontReplicas } from './workload-replicas';

export const SCENARIOS: readonly Scenario[] = [
  nginxLogProcessor,
  initAndSidecar,
  legacySidecarRace,
  plainInitRace,
  nativeNoProbeRace,
  nativeStartupProbeRace,
  envoyFluentd,
  loggerOom,
  sidecarCrashloop,
  jobLegacyForever,
  jobNativeCompletes,
  shutdownLegacy,
  shutdownNative,
  shutdownSigkill,
  linkerdInjectedRace,
  storefrontReplicas,
  sidecarThrottled,
  sidecarChildOom,
];

/** Scenario names, in a stable order; `churn` is the scale generator (see `churn` option). */
export const SCENARIO_NAMES = [
  'seed-003-nginx-log-processor',
  'seed-003-init-and-sidecar',
  'seed-002-legacy-sidecar',
  'seed-002-plain-init',
  'seed-002-native-no-startup-probe',
  'seed-002-native-startup-probe',
  'seed-001-envoy-fluentd',
  'seed-000-logger-oom',
  'sidecar-crashloop',
  'job-legacy-sidecar-forever',
  'job-native-sidecar-completes',
  'shutdown-legacy-before-app',
  'shutdown-native-reverse-order',
  'shutdown-grace-period-sigkill',
  'linkerd-injected-race',
  'workload-istio-replicas',
  'sidecar-cpu-throttled',
  'sidecar-child-oom',
  'churn',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** The pod scenario `name` runs; throws for an unknown name or one without a single pod shape (churn). */
export function scenarioTemplate(name: ScenarioName): PodTemplate {
  const template = findScenario(name)?.template;
  if (!template) throw new Error(`scenario ${name} declares no pod template`);
  return template;
}

export { SCENARIO_LABEL } from './kit';
export type { Scenario, ScenarioContext } from './kit';
