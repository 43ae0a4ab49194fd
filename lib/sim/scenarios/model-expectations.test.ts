/**
 * The simulated cluster's scenarios meet the expectations the model's tests declare for the same
 * scenario names (lib/model/testing): the first pod of each, as a watcher sees it in the
 * simulator, is folded through the model like the seed's captures, and must raise (and not raise)
 * the same findings in the same startup order. One declaration of each scenario's pod and of what
 * the model must say about it, checked against the seed's capture and against the simulation.
 */
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../model/testing/replay-scenario';
import { SEED_SCENARIOS } from '../../model/testing/seed-scenarios';
import type { FindingId } from '../../model/types';
import type { PodMetricsRecord } from '../store';
import { simulate } from '../testing';
import { SCENARIO_LABEL, SCENARIO_NAMES } from '.';

/**
 * Sim seconds to run: long enough for the first pod to start, and to stop where it is recycled,
 * not so long that a CronJob deletes it; seed 000's logger needs minutes to be OOM-killed once
 * (the capture's moment; a second kill makes it a crash loop).
 */
const RUN_SECONDS: Readonly<Record<string, number>> = { 'seed-000-logger-oom': 330 };
const DEFAULT_RUN_SECONDS = 90;
/** PodMetrics are scraped this often, as metrics-server does. */
const SCRAPE_SECONDS = 15;

/**
 * Findings judged on measured use. The simulator's usage is the demo's own (its behaviours), not
 * the seeds' captured PodMetrics, so these are checked against the captures only.
 */
const USAGE_FINDINGS: ReadonlySet<FindingId> = new Set(['sidecar-over-request', 'sidecar-near-memory-limit']);

const shared = SEED_SCENARIOS.filter((capture) => SCENARIO_NAMES.some((name) => name === capture.name));

describe.each(shared.map((capture) => [capture.name, capture] as const))('simulated %s', (name, capture) => {
  const sim = simulate([name]);
  const scraped: PodMetricsRecord[] = [];
  for (let t = 0; t < (RUN_SECONDS[name] ?? DEFAULT_RUN_SECONDS); t += SCRAPE_SECONDS) {
    sim.run(SCRAPE_SECONDS);
    scraped.push(...sim.store.podMetrics());
  }
  const first = sim.history.find((snapshot) => snapshot.pod.metadata.labels?.[SCENARIO_LABEL] === name)?.pod;
  if (!first) throw new Error(`scenario ${name} made no pod`);
  const metrics = scraped
    .filter((m) => m.name === first.metadata.name)
    .map((m) => ({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: m.name, namespace: m.namespace },
      timestamp: m.timestamp,
      window: m.window,
      containers: m.containers,
    }));
  const replayed = replayScenario({
    ...capture,
    snapshots: sim.historyOf(first.metadata.uid).map((snapshot) => ({ observedAt: snapshot.at, pod: snapshot.pod })),
    events: sim.events(first.metadata.name),
    metrics,
    now: sim.clock.now(),
  });
  const raised = replayed.findings.map((finding) => `${finding.id} ${finding.container ?? ''}`);

  const raises = capture.expect.raises.filter((expected) => !USAGE_FINDINGS.has(expected.id));
  const mustNotRaise = capture.expect.mustNotRaise.filter((id) => !USAGE_FINDINGS.has(id));

  it.each(raises.map((expected) => [expected.id, expected] as const))('raises %s', (id, expected) => {
    const containers = replayed.findings.filter((finding) => finding.id === id).map((finding) => finding.container);
    expect(containers.length, `raised: ${raised.join(', ')}`).toBeGreaterThan(0);
    if (expected.containers) expect(containers.sort()).toEqual([...expected.containers].sort());
  });

  it('does not raise what it must not', () => {
    expect(mustNotRaise.filter((id) => replayed.findings.some((finding) => finding.id === id))).toEqual([]);
  });

  it('starts its containers in the same order', () => {
    expect(replayed.lifecycle.startupOrder).toEqual(capture.expect.startupOrder);
  });
});
