/**
 * How the kubelet stops a pod's containers: SIGTERM to every regular container at once (legacy
 * sidecars included, so they may exit before the app has drained), then the native sidecars one
 * by one in reverse order of declaration; whatever still runs at the deadline is SIGKILLed (137).
 * The pod's status does not change until every container is down (PodRunner.holdStatus).
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/kuberuntime/kuberuntime_termination_order.go
 */
import type { ContainerRuntime } from './behaviour';
import type { PodRunner } from './pod-runner';

const SIGKILL = 9;

function stopOne(runner: PodRunner, c: ContainerRuntime, deadline: number, done: () => void): void {
  if (c.phase !== 'running') {
    c.isDone = true;
    return done();
  }
  const now = runner.ctx.clock.now();
  runner.event('Normal', 'Killing', `Stopping container ${c.spec.name}`, c);
  const drainMs = c.behaviour.drainMs ?? runner.ctx.random.int(100, 800);
  const killed = now + drainMs > deadline;
  runner.later(killed ? deadline - now : drainMs, () => {
    if (killed) runner.exit(c, 137, 'Error', SIGKILL);
    else runner.exit(c, 143, 'Error');
    done();
  });
}

function stopInReverse(runner: PodRunner, sidecars: ContainerRuntime[], deadline: number, done: () => void): void {
  const next = sidecars.pop();
  if (!next) return done();
  stopOne(runner, next, deadline, () => stopInReverse(runner, sidecars, deadline, done));
}

/** Stops containers (only the native sidecars when `sidecarsOnly`), then calls `done`. */
export function stopContainers(runner: PodRunner, deadline: number, stopped: () => void, sidecarsOnly = false): void {
  runner.stopping = true;
  runner.holdStatus();
  const done = () => {
    runner.releaseStatus();
    stopped();
  };
  for (const c of runner.containers) if (c.phase === 'waiting') c.isDone = true;
  const regular = sidecarsOnly ? [] : runner.containers.filter((c) => !c.isNativeSidecar && c.phase === 'running');
  const sidecars = runner.containers.filter((c) => c.isNativeSidecar);
  let pending = regular.length;
  const afterRegular = () => stopInReverse(runner, sidecars, deadline, done);
  if (pending === 0) return afterRegular();
  for (const c of regular) {
    stopOne(runner, c, deadline, () => {
      pending--;
      if (pending === 0) afterRegular();
    });
  }
}
