/**
 * Startup and readiness probes against a simulated process: a probe succeeds once the behaviour
 * says the process serves. Failure messages mirror the kubelet's prober output.
 */
import type { Probe } from '../kube-types';
import type { ContainerRuntime } from './behaviour';
import type { PodRunner } from './pod-runner';

export type ProbeKind = 'Startup' | 'Readiness';

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  failureThreshold: number;
}

/** The API server's defaults: period 10 s, failure threshold 3, no initial delay. */
export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** `Startup probe failed: Get "http://10.244.0.7:8081/": dial tcp …: connect: connection refused` */
export function probeFailureMessage(kind: ProbeKind, probe: Probe, podIP: string): string {
  if (probe.httpGet) {
    const target = `${podIP}:${probe.httpGet.port}`;
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `${kind} probe failed: Get "${scheme}://${target}${probe.httpGet.path}": dial tcp ${target}: connect: connection refused`;
  }
  if (probe.tcpSocket) return `${kind} probe failed: dial tcp ${podIP}:${probe.tcpSocket.port}: connect: connection refused`;
  return `${kind} probe errored: command failed with exit code 1`;
}

/** Probes a running container every period until it passes (startup: until the failure threshold kills it). */
export function runProbe(runner: PodRunner, c: ContainerRuntime, kind: ProbeKind, gen: number, failures = 0): void {
  const spec = kind === 'Startup' ? c.spec.startupProbe : c.spec.readinessProbe;
  if (!spec) return;
  const timing = probeTiming(spec);
  const delay = failures === 0 && kind === 'Startup' ? timing.initialDelayMs : timing.periodMs;
  runner.later(failures === 0 && kind === 'Readiness' ? Math.max(timing.initialDelayMs - runner.runningForMs(c), 0) : delay, () => {
    if (c.generation !== gen || c.phase !== 'running' || runner.stopping) return;
    if (c.serving) {
      if (kind === 'Startup') return runner.markStarted(c, gen);
      c.ready = true;
      return runner.markDirty();
    }
    runner.event('Warning', 'Unhealthy', probeFailureMessage(kind, spec, runner.ctx.podIP), c);
    if (kind === 'Startup' && failures + 1 >= timing.failureThreshold) {
      runner.event('Normal', 'Killing', `Container ${c.spec.name} failed startup probe, will be restarted`, c);
      return killForProbe(runner, c, spec, gen);
    }
    runProbe(runner, c, kind, gen, failures + 1);
  });
}

/**
 * The kubelet kills a container that failed its startupProbe like any other stop: SIGTERM, then
 * SIGKILL when the grace period (the probe's own, else the pod's) ends. A process that handles
 * SIGTERM exits 143 (Kubernetes' own kubelet on the scripted runtime, test/kubelet); before, the
 * simulated kubelet reported 137 at once.
 */
function killForProbe(runner: PodRunner, c: ContainerRuntime, spec: Probe, gen: number): void {
  const graceMs = ((spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ?? runner.pod.spec.terminationGracePeriodSeconds) * 1000;
  const drainMs = c.behaviour.drainMs ?? runner.ctx.random.int(100, 800);
  const killed = drainMs > graceMs;
  runner.later(killed ? graceMs : drainMs, () => {
    if (c.generation !== gen || c.phase !== 'running') return;
    runner.exit(c, killed ? 137 : 143, 'Error', killed ? 9 : undefined, true);
  });
}
