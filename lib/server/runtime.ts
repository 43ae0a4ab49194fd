/**
 * The one hub per process. Kept on `globalThis` so Next.js dev hot reloads reuse it instead of
 * doubling watchers; started lazily by the first request that needs it.
 */
import 'server-only';
import { systemClock, type Clock } from '../k8s/clock';
import { loadKubeConfig, clusterNameOf } from '../k8s/kubeconfig';
import { K8sError } from '../k8s/errors';
import { readPreviousLog, type PreviousLog, type PreviousLogRequest } from '../k8s/pod-logs';
import { createKubeTransport } from '../k8s/transport';
import { createStreamClientLimiter, DEFAULT_MAX_STREAMS_PER_ADDRESS, type StreamClientLimiter } from '../security/stream-limits';
import { readConfig, type ServerConfig } from './config';
import { Hub } from './hub';
import { startLiveSource } from './live-source';
import type { PrometheusState } from './prometheus';
import { readFindingThresholds, readPrometheusConfig } from './prometheus-config';
import { PrometheusSource } from './prometheus-source';
import { StreamFanout } from './stream-fanout';
import { openHistory, rehydrate, startHistoryLoop, type History } from './history';

/** Reads a previous run's log; present only when `config.logsEnabled`. */
export type PreviousLogReader = (request: PreviousLogRequest) => Promise<PreviousLog>;

export interface Runtime {
  config: ServerConfig;
  /** Absent unless logs are enabled: then nothing can call `pods/log`. */
  logs?: PreviousLogReader;
  hub: Hub;
  fanout: StreamFanout;
  limiter: StreamClientLimiter;
  prometheus: PrometheusState;
  /** The history store, when one is open (look-back reads it). */
  history?: History;
  /** The optional Prometheus source (`SIDECARSCOPE_PROMETHEUS_URL`); absent: metrics-server only. */
  prometheusSource?: PrometheusSource;
  stop(): void;
}

const KEY = Symbol.for('sidecarscope.runtime');
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

function every(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** What a runtime may have besides its cluster: a log reader (logs enabled) and a history store. */
export interface RuntimeExtras {
  logs?: PreviousLogReader;
  history?: History | { off: string };
}

/**
 * Builds a runtime around a hub; `connect` starts feeding it (tests pass their own). With a
 * history store, the hub is rehydrated from it first and the watches start after.
 */
export function createRuntime(
  config: ServerConfig,
  clock: Clock,
  connect: (hub: Hub) => { stop(): void },
  clusterName: string,
  extras: RuntimeExtras = {},
): Runtime {
  const { logs, history } = extras;
  const open = history && 'store' in history ? history : undefined;
  const hub = new Hub({
    history: open?.recorder,
    now: () => clock.now(),
    cluster: { name: clusterName, mode: config.mode },
    retentionMs: config.retentionMs,
    maxDeleted: config.maxDeleted,
    metricsHistoryMs: config.metricsHistoryMs,
    metricsMaxSamples: config.metricsMaxSamples,
    ...(config.history?.sampleEveryMs === undefined ? {} : { historySampleEveryMs: config.history.sampleEveryMs }),
    findingThresholds: readFindingThresholds(),
  });
  const fanout = new StreamFanout(hub, { maxClients: config.maxStreamClients, every });
  const prometheusConfig = readPrometheusConfig();
  const prometheusSource = prometheusConfig ? new PrometheusSource(hub, prometheusConfig, config.namespaces, () => clock.now()) : undefined;
  let prometheusPoll: { stop(): void } | undefined;
  if (history && 'off' in history) hub.setHistory({ state: 'off', reason: history.off });
  let source: { stop(): void } | undefined;
  let stopped = false;
  let stopHistory = () => {};
  const startSources = () => {
    source = connect(hub);
    prometheusPoll = prometheusSource?.start();
  };
  if (open) {
    void rehydrate(hub, open, config.metricsHistoryMs, config.namespaces)
      .catch((error: unknown) =>
        process.stderr.write(
          `sidecarscope: history: could not read the store back (${error instanceof Error ? error.name : 'error'}); starting from the live cluster\n`,
        ),
      )
      .finally(() => {
        if (stopped) return;
        stopHistory = startHistoryLoop(hub, open, every);
        startSources();
      });
  } else startSources();
  let logged = '';
  // Also derives what a flush may defer (samples, rechecks; ~10 ms a flush) when no browser is connected to tick the fan-out.
  const housekeeping = every(250, () => {
    hub.flush();
    logged = logStatusChange(hub, logged);
  });
  return {
    config,
    ...(config.logsEnabled && logs ? { logs } : {}),
    hub,
    fanout,
    limiter: createStreamClientLimiter({ maxClients: config.maxStreamClients, maxPerAddress: DEFAULT_MAX_STREAMS_PER_ADDRESS }),
    prometheus: { findingsDropped: 0 },
    history: open,
    ...(prometheusSource ? { prometheusSource } : {}),
    stop() {
      stopped = true;
      housekeeping();
      prometheusPoll?.stop();
      source?.stop();
      stopHistory();
      if (open && !source) void open.store.close();
      fanout.close();
    },
  };
}

/** One stderr line per change of the connection state (reasons never carry tokens or paths). */
function logStatusChange(hub: Hub, previous: string): string {
  const status = hub.status.current(hub.options.now());
  const line = 'reason' in status && status.reason !== undefined ? `${status.state}: ${status.reason}` : status.state;
  if (line !== previous && status.state !== 'connecting') process.stderr.write(`sidecarscope: cluster ${line}\n`);
  return line;
}

function connectToCluster(config: ServerConfig): { connect: (hub: Hub) => { stop(): void }; name: string; logs?: PreviousLogReader } {
  const settings = { mode: config.mode, kubeconfig: config.kubeconfig, context: config.context };
  try {
    const kc = loadKubeConfig(settings);
    const transport = createKubeTransport(kc);
    return {
      name: clusterNameOf(kc, settings),
      ...(config.logsEnabled ? { logs: (request: PreviousLogRequest) => readPreviousLog(transport, request) } : {}),
      connect: (hub) =>
        startLiveSource(hub, {
          transport,
          clock: systemClock,
          namespaces: config.namespaces,
          metricsIntervalMs: config.metricsIntervalMs,
          logsEnabled: config.logsEnabled,
        }),
    };
  } catch (error) {
    const reason = error instanceof K8sError ? error.message : 'Cannot load the cluster credentials.';
    return {
      name: config.context ?? config.mode,
      connect: (hub) => {
        hub.setLoopStatus('pods:*', { state: 'reconnecting', reason, failures: 1 });
        return { stop: () => {} };
      },
    };
  }
}

function historyFor(config: ServerConfig, cluster: string): History | { off: string } | undefined {
  return config.history ? openHistory(config.history, cluster, () => systemClock.now()) : undefined;
}

/** The process's runtime, created on first use. */
export function getRuntime(): Runtime {
  const holder = globalThis as WithRuntime;
  if (!holder[KEY]) {
    const config = readConfig();
    const { connect, name, logs } = connectToCluster(config);
    holder[KEY] = createRuntime(config, systemClock, connect, name, { logs, history: historyFor(config, name) });
  }
  return holder[KEY];
}

/**
 * Starts a runtime on `config` and makes it the process's one, then stops the previous one: its
 * watchers end and its streams close, so browsers reconnect to the new runtime (context switch).
 */
export function replaceRuntime(config: ServerConfig): Runtime {
  const holder = globalThis as WithRuntime;
  const previous = holder[KEY];
  const { connect, name, logs } = connectToCluster(config);
  // The previous runtime lets go of the store first: its lock is exclusive.
  previous?.stop();
  const next = createRuntime(config, systemClock, connect, name, { logs, history: historyFor(config, name) });
  holder[KEY] = next;
  return next;
}

/** The runtime if one was started (health endpoints must not start watchers). */
export function peekRuntime(): Runtime | undefined {
  return (globalThis as WithRuntime)[KEY];
}
