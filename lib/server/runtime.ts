/**
 * The one hub per process. Kept on `globalThis` so Next.js dev hot reloads reuse it instead of
 * doubling watchers; started lazily by the first request that needs it.
 */
import 'server-only';
import { systemClock, type Clock } from '../k8s/clock';
import { loadKubeConfig, clusterNameOf } from '../k8s/kubeconfig';
import { K8sError } from '../k8s/errors';
import { createKubeTransport } from '../k8s/transport';
import { createStreamClientLimiter, DEFAULT_MAX_STREAMS_PER_ADDRESS, type StreamClientLimiter } from '../security/stream-limits';
import { readConfig, type ServerConfig } from './config';
import { Hub } from './hub';
import { startLiveSource } from './live-source';
import type { ModelPort } from './model-port';
import type { PrometheusState } from './prometheus';
import { readFindingThresholds, readPrometheusConfig } from './prometheus-config';
import { PrometheusSource } from './prometheus-source';
import { StreamFanout } from './stream-fanout';
import { defaultModel, emptyFleet } from './default-model';

export interface Runtime {
  config: ServerConfig;
  hub: Hub;
  fanout: StreamFanout;
  limiter: StreamClientLimiter;
  prometheus: PrometheusState;
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

/** Builds a runtime around a hub; `connect` starts feeding it (tests pass their own). */
export function createRuntime(config: ServerConfig, model: ModelPort, clock: Clock, connect: (hub: Hub) => { stop(): void }, clusterName: string): Runtime {
  const hub = new Hub({
    model,
    now: () => clock.now(),
    cluster: { name: clusterName, mode: config.mode },
    retentionMs: config.retentionMs,
    maxDeleted: config.maxDeleted,
    metricsHistoryMs: config.metricsHistoryMs,
    metricsMaxSamples: config.metricsMaxSamples,
    emptyFleet: emptyFleet(),
    findingThresholds: readFindingThresholds(),
  });
  const fanout = new StreamFanout(hub, { maxClients: config.maxStreamClients, every });
  const source = connect(hub);
  const prometheusConfig = readPrometheusConfig();
  const prometheusSource = prometheusConfig ? new PrometheusSource(hub, prometheusConfig, config.namespaces, () => clock.now()) : undefined;
  const prometheusPoll = prometheusSource?.start();
  let logged = '';
  // Also drains the metrics backlog (2,000 pods a flush) when no browser is connected to tick the fan-out.
  const housekeeping = every(250, () => {
    hub.flush();
    logged = logStatusChange(hub, logged);
  });
  return {
    config,
    hub,
    fanout,
    limiter: createStreamClientLimiter({ maxClients: config.maxStreamClients, maxPerAddress: DEFAULT_MAX_STREAMS_PER_ADDRESS }),
    prometheus: { findingsDropped: 0 },
    ...(prometheusSource ? { prometheusSource } : {}),
    stop() {
      housekeeping();
      prometheusPoll?.stop();
      source.stop();
      fanout.close();
    },
  };
}

/** One stderr line per change of the connection state (reasons never carry tokens or paths). */
function logStatusChange(hub: Hub, previous: string): string {
  const status = hub.status.current(hub.options.now());
  const line = 'reason' in status ? `${status.state}: ${status.reason}` : status.state;
  if (line !== previous && status.state !== 'connecting') process.stderr.write(`sidecarscope: cluster ${line}\n`);
  return line;
}

function connectToCluster(config: ServerConfig): { connect: (hub: Hub) => { stop(): void }; name: string } {
  const settings = { mode: config.mode, kubeconfig: config.kubeconfig, context: config.context };
  try {
    const kc = loadKubeConfig(settings);
    const transport = createKubeTransport(kc);
    return {
      name: clusterNameOf(kc, settings),
      connect: (hub) => startLiveSource(hub, { transport, clock: systemClock, namespaces: config.namespaces, metricsIntervalMs: config.metricsIntervalMs }),
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

/** The process's runtime, created on first use. */
export function getRuntime(): Runtime {
  const holder = globalThis as WithRuntime;
  if (!holder[KEY]) {
    const config = readConfig();
    const { connect, name } = connectToCluster(config);
    holder[KEY] = createRuntime(config, defaultModel, systemClock, connect, name);
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
  const { connect, name } = connectToCluster(config);
  const next = createRuntime(config, defaultModel, systemClock, connect, name);
  holder[KEY] = next;
  previous?.stop();
  return next;
}

/** The runtime if one was started (health endpoints must not start watchers). */
export function peekRuntime(): Runtime | undefined {
  return (globalThis as WithRuntime)[KEY];
}
