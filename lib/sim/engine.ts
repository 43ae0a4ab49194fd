/**
 * The scenario engine: nodes, namespaces, the chosen scenarios and the churn generator, all
 * writing {@link ClusterAction}s to one {@link ClusterWriter} on one injected clock. It knows nothing
 * of HTTP: point it at the sim's store, or at a writer for a real API server.
 */
import { startChurn, churnNamespaces, type ChurnMetrics, type ChurnOptions } from './churn';
import { ManualClock, RealtimeDriver } from './clock';
import { namespaceObject, nodeObject } from './cluster-objects';
import type { Behaviour } from './kubelet/behaviour';
import { containerLog } from './kubelet/container-logs';
import type { PodDraft } from './kubelet/pod-builder';
import { PodRunner } from './kubelet/pod-runner';
import { createRandom, type SimRandom } from './random';
import { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios';
import { toRfc3339 } from './time-format';
import type { PodMetricsRecord } from './store';
import type { ClusterWriter } from './writer';

export interface EngineOptions {
  clock: ManualClock;
  writer: ClusterWriter;
  seed?: number;
  /** Scenario names; default every scenario (churn runs only when `churn` is given). */
  scenarios?: readonly string[];
  /** Where `scenarios` are looked up: default {@link SCENARIOS}; tests add their own. */
  catalogue?: readonly Scenario[];
  churn?: ChurnOptions;
  /** Sim-ms per real ms once {@link ScenarioEngine.resume} runs the clock on its own. */
  speed?: number;
  nodes?: number;
  metricsIntervalMs?: number;
}

export class UnknownScenarioError extends Error {
  override readonly name = 'UnknownScenarioError';
  readonly code = 'unknown-scenario';
}

export class ScenarioEngine {
  readonly clock: ManualClock;
  readonly scenarioNames: string[];
  private readonly random: SimRandom;
  private readonly runners = new Set<PodRunner>();
  private readonly driver: RealtimeDriver;
  private readonly nodes: { name: string; ip: string; images: Map<string, string> }[] = [];
  private podCounter = 0;
  private churnMetrics: ChurnMetrics | undefined;
  private started = false;
  private readonly findScenario: (name: string) => Scenario | undefined;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock;
    this.random = createRandom(options.seed ?? 1);
    const catalogue = options.catalogue ?? SCENARIOS;
    this.findScenario = (name) => catalogue.find((s) => s.name === name);
    const requested = options.scenarios ?? catalogue.map((s) => s.name);
    const unknown = requested.filter((n) => n !== 'churn' && !this.findScenario(n));
    if (unknown.length > 0) throw new UnknownScenarioError(`unknown scenario(s): ${unknown.join(', ')}`);
    this.scenarioNames = requested.filter((n) => n !== 'churn');
    this.driver = new RealtimeDriver(this.clock, options.speed ?? 1);
  }

  /** Writes nodes and namespaces, starts every scenario and the metrics scraper. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { writer } = this.options;
    const now = this.clock.now();
    for (let i = 0; i < (this.options.nodes ?? 3); i++) {
      const node = { name: `sim-node-${i + 1}`, ip: `10.0.0.${11 + i}`, images: new Map<string, string>() };
      this.nodes.push(node);
      writer.apply({ type: 'upsert-node', object: nodeObject(node.name, node.ip, `10.244.${i}.0/24`, this.random.uid(), now) });
    }
    const scenarios = this.scenarioNames.map((n) => this.findScenario(n)).filter((s) => s !== undefined);
    const namespaces = new Set([
      'default',
      'kube-system',
      ...scenarios.map((s) => s.namespace),
      ...(this.options.churn ? churnNamespaces(this.options.churn) : []),
    ]);
    for (const ns of namespaces) writer.apply({ type: 'upsert-namespace', object: namespaceObject(ns, this.random.uid(), now) });
    const ctx = this.context();
    for (const scenario of scenarios) scenario.start(ctx);
    if (this.options.churn)
      this.churnMetrics = startChurn(
        this.options.churn,
        this.clock,
        this.random,
        writer,
        this.nodes.map((n) => n.name),
      );
    this.scrapeMetrics();
  }

  /** Runs the clock with the wall clock × speed. */
  resume(): void {
    this.driver.resume();
  }

  pause(): void {
    this.driver.pause();
  }

  get isRunning(): boolean {
    return this.driver.running;
  }

  /** Moves sim time forward by hand (pause first when a driver runs). */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * PodMetrics of the churn pods, computed on demand. They are not written as actions (100,000
   * records every 15 s would be the biggest thing in memory); the sim's store reads them from here.
   */
  churnPodMetrics(namespace?: string): PodMetricsRecord[] {
    return this.churnMetrics?.(namespace) ?? [];
  }

  /** The pods the simulated kubelet is running now (churn pods excluded). */
  livePods(): PodRunner[] {
    return [...this.runners].filter((r) => !r.gone);
  }

  /**
   * A container's log as `GET …/pods/{name}/log` answers it: lines, an error message (400), or
   * undefined when the pod is not one the simulated kubelet runs (churn pods have no logs).
   */
  containerLog(namespace: string, name: string, container: string | undefined, previous: boolean): string[] | { error: string } | undefined {
    const runner = [...this.runners].find((r) => !r.gone && r.namespace === namespace && r.name === name);
    if (!runner) return undefined;
    const names = runner.containers.map((c) => c.spec.name);
    const chosen = container ?? (names.length === 1 ? names[0] : undefined);
    if (chosen === undefined) return { error: `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]` };
    const c = runner.containers.find((r) => r.spec.name === chosen);
    if (!c) return { error: `container ${chosen} is not valid for pod ${name}` };
    return containerLog(c, name, previous);
  }

  private context(): ScenarioContext {
    return {
      clock: this.clock,
      random: this.random,
      runPod: (draft: PodDraft, behaviours?: Record<string, Behaviour>) => {
        const n = this.podCounter++;
        const node = this.nodes[n % this.nodes.length] ?? { name: 'sim-node-1', ip: '10.0.0.11', images: new Map<string, string>() };
        const nodeIndex = n % Math.max(1, this.nodes.length);
        const podIP = `10.244.${nodeIndex}.${2 + (Math.floor(n / Math.max(1, this.nodes.length)) % 250)}`;
        const runner = new PodRunner(
          { clock: this.clock, random: this.random, writer: this.options.writer, nodeName: node.name, nodeIP: node.ip, podIP, imageIDs: node.images },
          draft,
          behaviours,
        );
        this.runners.add(runner);
        runner.start();
        return runner;
      },
    };
  }

  private scrapeMetrics(): void {
    const interval = this.options.metricsIntervalMs ?? 15_000;
    const scrape = () => {
      const timestamp = toRfc3339(this.clock.now());
      for (const runner of this.runners) {
        if (runner.gone) {
          this.runners.delete(runner);
          continue;
        }
        const containers = runner.usage();
        if (containers.length === 0) continue;
        this.options.writer.apply({
          type: 'set-pod-metrics',
          namespace: runner.namespace,
          name: runner.name,
          timestamp,
          window: `${Math.round(interval / 1000)}s`,
          containers,
        });
      }
      this.clock.setTimer(scrape, interval);
    };
    this.clock.setTimer(scrape, interval);
  }
}
