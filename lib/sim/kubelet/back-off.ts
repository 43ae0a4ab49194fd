/**
 * The kubelet's CrashLoopBackOff: the first restart is immediate, then `back-off 10s` doubling to
 * a 5-minute cap (kuberuntime_manager.go `doBackOff`). Every pod sync that finds the container
 * still backing off records `BackOff` again, and the pod worker retries a failed sync every 10 s
 * with up to 50 % jitter (`backOffPeriod`), so a long back-off shows a growing event count.
 * The status a sync publishes is computed before it meets the back-off, so `waiting:
 * CrashLoopBackOff` shows only from the first retry on (10-15 s after the sync that met it); until
 * then the container shows the run that ended. A 10 s back-off is over before that retry: the
 * container restarts without ever showing CrashLoopBackOff (seen on Kubernetes' own kubelet,
 * test/kubelet), unless a sync for another reason (a probe's result) falls inside it, which this
 * model does not play.
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/kuberuntime/kuberuntime_manager.go
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/pod_workers.go
 */
import { toGoDuration } from '../time-format';
import type { ContainerRuntime } from './behaviour';
import type { PodRunner } from './pod-runner';

const MAX_BACKOFF_MS = 300_000;
const SYNC_RETRY_MS: readonly [number, number] = [10_000, 15_000];

/** One pod sync meeting the back-off: the `BackOff` event now, the waiting state from the next retry on. */
function recordBackOff(runner: PodRunner, c: ContainerRuntime, gen: number, message: string, remainingMs: number, showWaiting: () => void): void {
  runner.event('Warning', 'BackOff', message, c);
  const next = runner.ctx.random.int(...SYNC_RETRY_MS);
  if (next >= remainingMs) return;
  runner.later(next, () => {
    if (c.generation !== gen || runner.stopping) return;
    showWaiting();
    recordBackOff(runner, c, gen, message, remainingMs - next, showWaiting);
  });
}

/**
 * Restarts `c` after its current back-off (about a sync later, for the first restart).
 * `killedByKubelet` (a failed startupProbe): the sync that kills it meets the back-off before the
 * container is seen exited, and the exit's PLEG event brings the next sync a second later, which
 * publishes `waiting: CrashLoopBackOff` at once (seen on Kubernetes' own kubelet, test/kubelet).
 */
export function restartWithBackOff(runner: PodRunner, c: ContainerRuntime, start: () => void, killedByKubelet = false): void {
  const gen = c.generation;
  const backoff = c.backoffMs;
  c.backoffMs = backoff === 0 ? 10_000 : Math.min(backoff * 2, MAX_BACKOFF_MS);
  const restart = () => {
    if (c.generation === gen && !runner.stopping) start();
  };
  if (backoff === 0) return runner.later(1000, restart);
  runner.later(1000, () => {
    if (c.generation !== gen || runner.stopping) return;
    const { name, namespace, uid } = runner.pod.metadata;
    const showWaiting = () => {
      if (c.phase === 'waiting') return;
      c.phase = 'waiting';
      c.waitingReason = 'CrashLoopBackOff';
      c.waitingMessage = `back-off ${toGoDuration(backoff)} restarting failed container=${c.spec.name} pod=${name}_${namespace}(${uid})`;
      runner.markDirty();
    };
    if (killedByKubelet) showWaiting();
    recordBackOff(runner, c, gen, `Back-off restarting failed container ${c.spec.name} in pod ${name}_${namespace}(${uid})`, backoff - 1000, showWaiting);
  });
  runner.later(backoff, restart);
}
