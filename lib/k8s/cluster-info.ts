/**
 * Reads the server version and polls PodMetrics (metrics.k8s.io). Both degrade gracefully: an
 * unknown version or a missing metrics API becomes data the UI can explain, never an exception.
 */
import 'server-only';
import type { Clock } from './clock';
import { toK8sError, type K8sError } from './errors';
import type { KubeTransport } from './transport-types';

/** The API server's version, e.g. `{ gitVersion: 'v1.31.2', major: 1, minor: 31 }`. */
export interface ServerVersion {
  gitVersion: string;
  major: number;
  minor: number;
}

/** Parses `/version`; minors like `31+` (GKE, EKS) are accepted. */
export function parseServerVersion(body: unknown): ServerVersion | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const major = Number.parseInt(String(record.major ?? ''), 10);
  const minor = Number.parseInt(String(record.minor ?? ''), 10);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return undefined;
  return { gitVersion: typeof record.gitVersion === 'string' ? record.gitVersion : `v${major}.${minor}`, major, minor };
}

/** Reads `/version`; undefined when unreadable. */
export async function readServerVersion(transport: KubeTransport): Promise<ServerVersion | undefined> {
  try {
    return parseServerVersion(await transport.getJson('/version'));
  } catch {
    return undefined;
  }
}

/** The outcome of one metrics poll. */
export type MetricsPoll = { available: true; items: unknown[] } | { available: false; reason: string };

const INSTALL_HINT = 'Install metrics-server: kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml';

/** Explains a failed PodMetrics call in words a user can act on. */
export function explainMetricsError(error: K8sError): string {
  if (error.code === 'not-found' || error.status === 503) return `The metrics API (metrics.k8s.io) is not served by this cluster. ${INSTALL_HINT}`;
  if (error.code === 'forbidden')
    return 'Not allowed to list pods.metrics.k8s.io: add the rule {apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"]} to the ClusterRole.';
  return `The metrics API did not answer (${error.code}); retrying.`;
}

/** One PodMetrics list, cluster-wide or per namespace. */
export async function pollPodMetrics(transport: KubeTransport, namespaces?: string[]): Promise<MetricsPoll> {
  const paths =
    namespaces && namespaces.length > 0
      ? namespaces.map((ns) => `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(ns)}/pods`)
      : ['/apis/metrics.k8s.io/v1beta1/pods'];
  try {
    const items: unknown[] = [];
    for (const path of paths) {
      // The whole cluster's PodMetrics is one large document: read it a slice at a time.
      if (transport.listItems) for await (const slice of transport.listItems(path, {})) items.push(...slice);
      else items.push(...(await transport.list(path, {})).items);
    }
    return { available: true, items };
  } catch (error) {
    return { available: false, reason: explainMetricsError(toK8sError(error, 'metrics')) };
  }
}

/** One poll handed to `onPoll`; false when stopped meanwhile. */
async function pollOnce(
  options: { transport: KubeTransport; namespaces?: string[]; onPoll(poll: MetricsPoll): void | Promise<void> },
  signal: AbortSignal,
): Promise<boolean> {
  const poll = await pollPodMetrics(options.transport, options.namespaces);
  if (signal.aborted) return false;
  await options.onPoll(poll);
  return true;
}

/** Polls every `intervalMs` until `stop()`; the first poll runs at once. */
export function startMetricsPoller(options: {
  transport: KubeTransport;
  clock: Clock;
  intervalMs: number;
  namespaces?: string[];
  onPoll(poll: MetricsPoll): void | Promise<void>;
  /** The first poll waits for this (e.g. the first pod list: samples of pods not yet listed are dropped). */
  firstPoll?: Promise<void>;
  /** Milliseconds to the next poll, asked after each one (default `intervalMs`). */
  nextDelayMs?: () => number;
}): { stop(): void } {
  const controller = new AbortController();
  void (async () => {
    if (options.firstPoll) await options.firstPoll;
    while (!controller.signal.aborted) {
      // In its own function: a local of this loop would keep the whole raw poll (about 700 bytes a
      // pod) alive through the wait until the next one.
      if (!(await pollOnce(options, controller.signal))) return;
      await options.clock.delay(options.nextDelayMs?.() ?? options.intervalMs, controller.signal);
    }
  })();
  return { stop: () => controller.abort() };
}
