/**
 * Probe advice from what the replicas of a workload were seen doing: a startupProbe whose budget
 * (`initialDelaySeconds + periodSeconds × failureThreshold`) covers the observed p99 time to
 * serve with a stated margin, readiness probes that fire before the container serves, and legacy
 * sidecars that should be native sidecars. Each piece of advice carries its figures and a YAML
 * snippet built from the container's own probes and ports.
 *
 * Probe semantics: https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 * (a startupProbe holds liveness and readiness back until it succeeds; kubelet v1.34 prober).
 */
import { hasNativeSidecars } from './classify';
import { injectorOf } from './findings/fixes';
import { injectedHead, rankSettings, settingLead, settingSnippet } from './findings/fixes/compose';
import { probeHandlerFromSpec } from './findings/fixes/probe';
import type { ClusterFacts, ContainerSpecDigest, PodDigest, PodLifecycle, ProbeDigest } from './types';
import type { ContainerStartupStats, DurationStats, ProbeAdvice } from './workload-view';

/** The budget covers the observed p99 times this. */
export const PROBE_MARGIN = 1.5;

export interface AdviceInput {
  /** The containers of the newest pod (the template now rolled out). */
  containers: readonly ContainerSpecDigest[];
  /**
   * The newest pod itself, to recognise injected sidecars (their fix is the injector's setting,
   * not an edit of the container the webhook writes again on every pod).
   */
  pod?: PodDigest;
  stats: readonly ContainerStartupStats[];
  /** Lifecycles of the measured replicas, to count apps that ran before their legacy sidecar served. */
  lifecycles: readonly PodLifecycle[];
  cluster?: ClusterFacts;
}

/** Seconds a probe allows before it gives up: `initialDelaySeconds + periodSeconds × failureThreshold`. */
export function probeBudgetSeconds(probe: ProbeDigest): number {
  return probe.initialDelaySeconds + probe.periodSeconds * probe.failureThreshold;
}

/**
 * A startupProbe timing covering `p99Ms × PROBE_MARGIN`: the given period (an existing probe's),
 * else 1 s up to 30 s, 2 s up to 2 min, 5 s beyond; at least 3 failures allowed.
 */
export function startupProbeTiming(p99Ms: number, periodSeconds?: number): { periodSeconds: number; failureThreshold: number; coversSeconds: number } {
  const cover = Math.max(1, Math.ceil((p99Ms * PROBE_MARGIN) / 1000));
  const period = periodSeconds ?? (cover <= 30 ? 1 : cover <= 120 ? 2 : 5);
  const failureThreshold = Math.max(3, Math.ceil(cover / period));
  return { periodSeconds: period, failureThreshold, coversSeconds: period * failureThreshold };
}

/** The durations that say when a container serves: its readiness, else its startupProbe; none without probes. */
export function serveStats(container: ContainerSpecDigest, stats: ContainerStartupStats | undefined): { stats: DurationStats; via: string } | undefined {
  if (!stats) return undefined;
  if (container.readinessProbe && stats.toReady.samples > 0)
    return { stats: stats.toReady, via: `readinessProbe (every ${container.readinessProbe.periodSeconds} s, so up to that late)` };
  if (container.startupProbe && stats.toStarted.samples > 0)
    return { stats: stats.toStarted, via: `startupProbe (every ${container.startupProbe.periodSeconds} s)` };
  return undefined;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

function measured(serve: { stats: DurationStats; via: string }): { label: string; value: string }[] {
  const s = serve.stats;
  return [
    { label: 'container start → serving, measured through', value: serve.via },
    { label: 'replicas measured', value: String(s.samples) },
    { label: 'p50 / p95 / p99', value: `${seconds(s.p50)} / ${seconds(s.p95)} / ${seconds(s.p99)}` },
    { label: 'slowest', value: seconds(s.max) },
  ];
}

function startupProbeYaml(container: ContainerSpecDigest, timing: ReturnType<typeof startupProbeTiming>, indent: string): string {
  const derived = probeHandlerFromSpec(container);
  const handler = `${indent}  ${derived.handler}   # ${derived.isPlaceholder ? 'PLACEHOLDER: ' : 'from '}${derived.basis}`;
  return [
    `${indent}startupProbe:`,
    handler,
    `${indent}  periodSeconds: ${timing.periodSeconds}`,
    `${indent}  failureThreshold: ${timing.failureThreshold}   # ${timing.coversSeconds} s: observed p99 × ${PROBE_MARGIN}`,
  ].join('\n');
}

function coverText(serve: { stats: DurationStats }, timing: ReturnType<typeof startupProbeTiming>): string {
  return `${timing.periodSeconds} s × ${timing.failureThreshold} = ${timing.coversSeconds} s covers the observed p99 of ${seconds(serve.stats.p99)} with a ${Math.round((PROBE_MARGIN - 1) * 100)}% margin.`;
}

/** Replicas where a main container ran before `sidecar` was ready (or it never was), of those where both ran. */
export function countAppBeforeSidecar(lifecycles: readonly PodLifecycle[], sidecar: string): { raced: number; of: number } {
  let raced = 0;
  let of = 0;
  for (const lifecycle of lifecycles) {
    const lane = lifecycle.lanes.find((l) => l.container === sidecar);
    const mains = lifecycle.lanes.filter((l) => l.kind === 'main' && l.firstRunningAt);
    if (!lane?.firstRunningAt || mains.length === 0) continue;
    of += 1;
    const readyAt = lane.readyAt?.at;
    if (readyAt === undefined || mains.some((m) => (m.firstRunningAt?.at ?? Infinity) < readyAt)) raced += 1;
  }
  return { raced, of };
}

function makeNative(c: ContainerSpecDigest, input: AdviceInput, serve: ReturnType<typeof serveStats>): ProbeAdvice {
  const race = countAppBeforeSidecar(input.lifecycles, c.name);
  const timing = serve ? startupProbeTiming(serve.stats.p99 ?? 0) : undefined;
  const measuredText = timing && serve ? ` ${coverText(serve, timing)}` : '';
  const raceText = `${c.name} is a regular container, so the app starts beside it, not after it: in ${race.raced} of ${race.of} replicas the app ran before ${c.name} was ready.`;
  const evidence = [{ label: 'app ran before the sidecar was ready', value: `${race.raced} of ${race.of} replicas` }, ...(serve ? measured(serve) : [])];
  const injected = input.pod ? injectorOf(input.pod, c) : undefined;
  const ranked = injected ? rankSettings(injected, [injected.profile.nativeSidecar]).ranked : [];
  const best = ranked[0];
  if (input.pod && injected && best) {
    const pod = input.pod;
    const leads = ranked.map(({ setting, text }, index) => settingLead(pod, setting, text, index === 0 ? 'Use' : 'Or'));
    // The injector writes the container on every pod: its own switch, not a hand-moved container.
    return {
      kind: 'make-native-sidecar',
      container: c.name,
      title: `Make ${c.name} a native sidecar through ${injected.profile.name}'s injector`,
      reason: [raceText, injectedHead(c.name, injected), ...leads].join(' '),
      evidence: [...evidence, { label: 'injected by', value: `${injected.profile.name} (${injected.signals.join('; ')})` }],
      yaml: settingSnippet(pod, best.setting),
    };
  }
  const lines = [
    `# move ${c.name} from containers to initContainers (before the app): it starts first, the app waits until it is started, and it stops after the app`,
    'initContainers:',
    `  - name: ${c.name}`,
    `    image: ${c.image}`,
    '    restartPolicy: Always',
  ];
  if (timing) lines.push(startupProbeYaml(c, timing, '    '));
  const whyNot = injected && 'none' in injected.profile.nativeSidecar ? ` ${injected.profile.nativeSidecar.none}` : '';
  return {
    kind: 'make-native-sidecar',
    container: c.name,
    title: `Make ${c.name} a native sidecar`,
    reason: `${raceText}${measuredText}${whyNot}`,
    evidence,
    yaml: lines.join('\n'),
  };
}

function addStartupProbe(
  c: ContainerSpecDigest,
  serve: NonNullable<ReturnType<typeof serveStats>>,
  why: string,
  kind: ProbeAdvice['kind'],
  extra: { label: string; value: string }[],
): ProbeAdvice {
  const timing = startupProbeTiming(serve.stats.p99 ?? 0, kind === 'raise-startup-probe' ? c.startupProbe?.periodSeconds : undefined);
  return {
    kind,
    container: c.name,
    title: kind === 'raise-startup-probe' ? `Give ${c.name}'s startupProbe ${timing.coversSeconds} s` : `Add a startupProbe to ${c.name}`,
    reason: `${why} ${coverText(serve, timing)}`,
    evidence: [...extra, ...measured(serve)],
    yaml: [`# ${c.list}[${c.name}]`, `- name: ${c.name}`, startupProbeYaml(c, timing, '  ')].join('\n'),
  };
}

/** At most one piece of advice per container, the most important first (see the module comment). */
export function adviseProbes(input: AdviceInput): ProbeAdvice[] {
  const native = hasNativeSidecars(input.cluster?.serverVersion);
  const advice: ProbeAdvice[] = [];
  for (const c of input.containers) {
    if (c.kind === 'init') continue;
    const serve = serveStats(
      c,
      input.stats.find((s) => s.container === c.name),
    );
    const p99 = serve?.stats.p99;
    if (c.kind === 'legacy-sidecar' && native) {
      advice.push(makeNative(c, input, serve));
      continue;
    }
    if (!serve || p99 === undefined) continue;
    const needMs = p99 * PROBE_MARGIN;
    if (c.kind === 'native-sidecar' && !c.startupProbe) {
      advice.push(
        addStartupProbe(
          c,
          serve,
          `${c.name} is a native sidecar without a startupProbe: Kubernetes counts it started as soon as its process runs, so the next containers start before it serves.`,
          'add-startup-probe',
          [{ label: 'startupProbe', value: 'none' }],
        ),
      );
    } else if (c.startupProbe && probeBudgetSeconds(c.startupProbe) * 1000 < needMs) {
      advice.push(
        addStartupProbe(
          c,
          serve,
          `${c.name}'s startupProbe gives up after ${probeBudgetSeconds(c.startupProbe)} s: a replica as slow as the observed p99 with any margin is killed and restarted.`,
          'raise-startup-probe',
          [{ label: 'startupProbe budget', value: `${probeBudgetSeconds(c.startupProbe)} s` }],
        ),
      );
    } else if (!c.startupProbe && c.livenessProbe && probeBudgetSeconds(c.livenessProbe) * 1000 < needMs) {
      advice.push(
        addStartupProbe(
          c,
          serve,
          `${c.name}'s livenessProbe can kill it after ${probeBudgetSeconds(c.livenessProbe)} s, before a slow replica serves; a startupProbe holds liveness back until it succeeds.`,
          'add-startup-probe',
          [{ label: 'livenessProbe budget', value: `${probeBudgetSeconds(c.livenessProbe)} s` }],
        ),
      );
    } else if (
      !c.startupProbe &&
      c.readinessProbe &&
      (serve.stats.p50 ?? 0) > c.readinessProbe.initialDelaySeconds * 1000 + c.readinessProbe.periodSeconds * 1000
    ) {
      advice.push(
        addStartupProbe(
          c,
          serve,
          `${c.name}'s readinessProbe starts at ${c.readinessProbe.initialDelaySeconds} s but half the replicas were not ready before ${seconds(serve.stats.p50)}: it fails (Unhealthy events) until the container serves. A startupProbe holds readiness and liveness back until the container serves.`,
          'readiness-before-serving',
          [
            {
              label: 'readinessProbe initialDelaySeconds / periodSeconds',
              value: `${c.readinessProbe.initialDelaySeconds} s / ${c.readinessProbe.periodSeconds} s`,
            },
          ],
        ),
      );
    }
  }
  return advice;
}
