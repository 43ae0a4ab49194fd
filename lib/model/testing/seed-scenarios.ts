/**
 * Every scenario of the seeds (and the failure and shutdown cases the design asks for) as data:
 * timed snapshots of raw pods, raw events and PodMetrics, with the findings each must and must
 * not raise and its startup/shutdown order. The model's tests fold them through `observePod` →
 * `deriveLifecycle` → `detectFindings`.
 *
 * A scenario the simulated cluster also runs (lib/sim/scenarios) has its name and its pod: the
 * capture takes the pod from `scenarioTemplate(name)` and declares only what a watcher saw of it
 * (statuses, times, events, metrics). The others (a native sidecar that never starts, a dropped
 * restartPolicy, the legacy crash loop, the log forwarder's limits) exist only here.
 */
import { FAILURE_SCENARIOS } from './scenarios/failures';
import type { SeedScenario } from './scenarios/kit';
import { LIFETIME_SCENARIOS } from './scenarios/lifetime';
import { SEED_002_SCENARIOS } from './scenarios/seed-002';
import { SEED_000_001_003_SCENARIOS } from './scenarios/seeds-000-001-003';

export type { ExpectedFinding, ScenarioExpectations, ScenarioSnapshot, SeedScenario } from './scenarios/kit';

/** All scenarios, seed ones first. */
export const SEED_SCENARIOS: readonly SeedScenario[] = [...SEED_002_SCENARIOS, ...SEED_000_001_003_SCENARIOS, ...FAILURE_SCENARIOS, ...LIFETIME_SCENARIOS];

/** Scenarios keyed by name. */
export const SEED_SCENARIOS_BY_NAME: ReadonlyMap<string, SeedScenario> = new Map(SEED_SCENARIOS.map((scenario) => [scenario.name, scenario]));

/** The scenario called `name`, or undefined. */
export function seedScenario(name: string): SeedScenario | undefined {
  return SEED_SCENARIOS_BY_NAME.get(name);
}
