/**
 * Connects a hub to a cluster: watches pods and events (cluster-wide, or in each namespace of the
 * allow-list), polls PodMetrics, reads the server version, and reviews its RBAC
 * grants at start and after every reconnect. Everything is injected
 * (transport, clock) so the same wiring runs against a real cluster, the simulated one, or a fake.
 */
import 'server-only';
import { readServerVersion, startMetricsPoller, type MetricsPoll } from '../k8s/cluster-info';
import { MAX_TIMER_MS, type Clock } from '../k8s/clock';
import type { ListWatchSink } from '../k8s/list-watch';
import { watchResource, watchScopes, type WatchedResource } from '../k8s/resource-watch';
import type { KubeTransport } from '../k8s/transport-types';
import type { Hub, PodListApplier } from './hub';
import { startAccessCheck, type AccessCheck } from './access-check';
import { giveWay } from './foreground';

/** Metrics intervals the first poll waits at most for the first pod list, and polls wait while the pods are not listed. */
export const FIRST_POLL_WAIT = 4;

/** {@link FIRST_POLL_WAIT} intervals, within what a timer can wait (an interval of a year waits 24.8 days, not 1 ms). */
export const firstPollWaitMs = (intervalMs: number) => Math.min(FIRST_POLL_WAIT * intervalMs, MAX_TIMER_MS);
export interface LiveSourceOptions {
  transport: KubeTransport;
  clock: Clock;
  namespaces: string[];
  metricsIntervalMs: number;
  /** Previous-run logs are enabled (`SIDECARSCOPE_LOGS_ENABLED`): the access review asks for `get pods/log` too. */
  logsEnabled?: boolean;
  /** Relist and compare when a watch delivered nothing for this long. */
  silenceMs?: number;
  /** Relist this often while a watch delivers nothing. */
  deafRelistMs?: number;
}

/** Calls `onRecovered` when a loop that had failed is connected again (a reconnect). */
function watchingRecovery(sink: ListWatchSink, onRecovered: () => void): ListWatchSink {
  let failed = false;
  return {
    ...sink,
    onStatus: (status) => {
      if (status.state === 'connected' && failed) onRecovered();
      failed = status.state !== 'connected';
      sink.onStatus(status);
    },
  };
}

function sinkFor(hub: Hub, resource: WatchedResource, scope: string, onStatus: () => void): ListWatchSink {
  const key = `${resource}:${scope}`;
  if (resource === 'pods') {
    return {
      onList: (items) => hub.applyPodList(scope, items),
      pagedList: () => {
        const list = hub.beginPodList(scope);
        return {
          page: async (items) => {
            await applyInSlices(hub, list, items);
            await deriveInSlices(hub);
          },
          end: () => list.end(),
        };
      },
      onEvent: (type, object) => hub.applyPodEvent(type, object),
      onStatus: (status) => {
        hub.setLoopStatus(key, status);
        onStatus();
      },
    };
  }
  return {
    onList: (items) => {
      for (const item of items) hub.applyEvent(item);
    },
    onEvent: (type, object) => {
      if (type !== 'DELETED') hub.applyEvent(object);
    },
    // Events are optional: being denied them degrades (pods still shown, the rule named) instead
    // of painting the whole dashboard "forbidden".
    onStatus: (status) => {
      hub.noteDegraded(key, status.state === 'forbidden' ? status.reason : undefined);
      if (status.state !== 'forbidden') hub.setLoopStatus(key, status);
    },
  };
}

/** Starts feeding `hub`; the returned `stop()` ends every watch and poll. */
export function startLiveSource(hub: Hub, options: LiveSourceOptions): { stop(): void } {
  const namespaces = options.namespaces.length > 0 ? options.namespaces : undefined;
  // The access review (a request per grant) starts in the next turn: started with the lists and
  // the version read, on a client whose code is not compiled yet, it made the first turn of a sync
  // its longest (40-50 ms of CPU).
  let access: AccessCheck | undefined;
  const startAccess = setImmediate(() => {
    access = startAccessCheck(hub, {
      transport: options.transport,
      clock: options.clock,
      namespaces: options.namespaces,
      logs: options.logsEnabled === true,
    });
  });
  // The first metrics poll waits for the first pod list (or one interval, should pods never list):
  // before it, every sample is of a pod not yet held and dropped, and at 100,000 pods fetching and
  // parsing them competes with the sync for the one core.
  const stopWaiting = new AbortController();
  let synced = () => {};
  // The first poll waits for the pods to be listed (samples of pods not yet held are dropped, and
  // at 100,000 pods a poll is 6 s of work taken from the sync), for at most FIRST_POLL_WAIT
  // intervals: a cluster whose pods cannot be listed still says whether metrics are there.
  const firstPoll = Promise.race([
    new Promise<void>((resolve) => (synced = resolve)),
    options.clock.delay(firstPollWaitMs(options.metricsIntervalMs), stopWaiting.signal).catch(() => undefined),
  ]).finally(() => stopWaiting.abort());
  const onPodsStatus = () => {
    if (hub.isReady()) synced();
  };
  hub.expectLoops((['pods', 'events'] as const).flatMap((resource) => watchScopes(namespaces).map((scope) => `${resource}:${scope}`)));
  const watches = (['pods', 'events'] as const).map((resource) =>
    watchResource({
      transport: options.transport,
      clock: options.clock,
      resource,
      namespaces,
      sinkFor: (scope) => watchingRecovery(sinkFor(hub, resource, scope, onPodsStatus), () => access?.recheck()),
      onRestart: () => hub.countRestart(resource),
      onSilentRelist: (undelivered) => hub.countSilentRelist(resource, undelivered),
      silenceMs: options.silenceMs,
      deafRelistMs: options.deafRelistMs,
    }),
  );
  void readServerVersion(options.transport).then((v) => hub.setVersion(v));
  const poller = startMetricsPoller({
    transport: options.transport,
    clock: options.clock,
    intervalMs: options.metricsIntervalMs,
    namespaces,
    onPoll: async (poll) => {
      await applyMetricsInSlices(hub, poll);
      // Not awaited: the poll's raw items are let go now, and the next poll keeps its interval.
      void deriveMetricsInSlices(hub);
    },
    firstPoll,
    // While the pods are not listed (yet, or the list is forbidden), polls are as rare as the first
    // one's wait: they would take from a sync that must finish within the API server's window.
    nextDelayMs: () => (hub.isReady() ? options.metricsIntervalMs : firstPollWaitMs(options.metricsIntervalMs)),
  });
  return {
    stop() {
      stopWaiting.abort();
      for (const w of watches) w.stop();
      poller.stop();
      clearImmediate(startAccess);
      access?.stop();
    },
  };
}

/** Work between two yields to the event loop while a list is applied and derived. */
export const DERIVE_SLICE_MS = 20;

/** Between slices: a turn of the loop, after the requests being answered (lib/server/foreground.ts). */
const yieldToEventLoop = () => giveWay();

/**
 * Applies a list page 50 pods at a time, yielding to the event loop first, whenever
 * {@link DERIVE_SLICE_MS} of work has passed (reading 500 pods is itself tens of milliseconds),
 * and once at the end.
 *
 * First: a page is handed over in the turn that parsed it (`JSON.parse` of 500 pods, 10-25 ms) or
 * that derived the previous page's last slice, when the page had arrived meanwhile. Applying a
 * slice there too made the sync's longest turns (two budgets back to back, about 80 ms at 100,000
 * pods: the p99 of the loop's delay).
 */
export async function applyInSlices(
  hub: Hub,
  list: PodListApplier,
  items: unknown[],
  budgetMs = DERIVE_SLICE_MS,
  yieldToLoop = yieldToEventLoop,
): Promise<void> {
  const work = hub.options.workClock ?? (() => performance.now());
  await yieldToLoop();
  let start = work();
  for (let at = 0; at < items.length; at += 50) {
    list.page(items.slice(at, at + 50));
    if (at + 50 < items.length && work() - start >= budgetMs) {
      await yieldToLoop();
      start = work();
    }
  }
  // The derivation that follows starts a slice of its own.
  await yieldToLoop();
}

/**
 * Derives the pods a list page marked, {@link DERIVE_SLICE_MS} of work at a time, yielding to the
 * event loop between slices (requests, streams and the next page's response get their turn).
 */
export async function deriveInSlices(hub: Hub, budgetMs = DERIVE_SLICE_MS, yieldToLoop = yieldToEventLoop): Promise<number> {
  let slices = 0;
  for (;;) {
    slices += 1;
    if (hub.deriveSome(budgetMs)) return slices;
    await yieldToLoop();
  }
}

/**
 * Applies a metrics poll a slice at a time, yielding to the event loop between slices: reading
 * 100,000 PodMetrics in one go held every request and stream for about two seconds.
 */
export async function applyMetricsInSlices(hub: Hub, poll: MetricsPoll, size = 2_000, yieldToLoop = yieldToEventLoop): Promise<void> {
  if (!poll.available || poll.items.length <= size) {
    hub.applyMetrics(poll);
    return;
  }
  for (let start = 0; start < poll.items.length; start += size) {
    hub.applyMetrics({ available: true, items: poll.items.slice(start, start + size) });
    await yieldToLoop();
  }
}

/** Hubs whose pods with new samples are being derived by {@link deriveMetricsInSlices}. */
const deriving = new WeakSet<Hub>();

/**
 * Derives the pods given new samples {@link DERIVE_SLICE_MS} of work at a time, yielding to the
 * event loop between slices, until none are left: the fan-out's ticks (whose flush takes only
 * ~10 ms of them) are not held behind 2,000 of them. One at a time per hub; resolves at once
 * when one is already running.
 */
export async function deriveMetricsInSlices(hub: Hub, budgetMs = DERIVE_SLICE_MS, yieldToLoop = yieldToEventLoop): Promise<void> {
  if (deriving.has(hub)) return;
  deriving.add(hub);
  try {
    while (!hub.deriveMetricsSome(budgetMs)) await yieldToLoop();
  } finally {
    deriving.delete(hub);
  }
}
