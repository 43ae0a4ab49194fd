/**
 * metrics.k8s.io/v1beta1 `PodMetrics` → one {@link MetricsSample} per pod. CPU comes in nanocores
 * (`123456n`), memory as the working set in `Ki`, per container, sidecars included.
 * https://github.com/kubernetes/metrics/blob/v0.34.0/pkg/apis/metrics/v1beta1/types.go
 */
import { parseCpuMilli, parseMemoryBytes } from './quantity';
import { isRecord, readArray, readObject, readString, readTime } from './raw';
import type { MetricsSample } from './types';

const DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
const DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

/** The last duration read: a poll's PodMetrics all carry the same window (`15s`), 100,000 of them. */
let lastDuration: { text: string; seconds: number | undefined } | undefined;

/** Seconds in a Go duration string (`10.5s`, `1m0s`, `500ms`), or undefined. */
export function parseDurationSeconds(duration: unknown): number | undefined {
  if (typeof duration !== 'string') return undefined;
  if (lastDuration?.text === duration) return lastDuration.seconds;
  let seconds: number | undefined;
  if (DURATION.test(duration)) {
    seconds = 0;
    for (const [, amount = '0', unit = 's'] of duration.matchAll(DURATION_PART)) seconds += Number(amount) * (UNIT_SECONDS[unit] ?? 0);
  }
  lastDuration = { text: duration, seconds };
  return seconds;
}

function toUsage(raw: unknown): [string, { cpuMilli: number; memoryBytes: number }] | undefined {
  if (!isRecord(raw)) return undefined;
  const name = readString(raw, 'name');
  const usage = readObject(raw, 'usage');
  if (name === undefined || usage === undefined) return undefined;
  const cpuMilli = parseCpuMilli(usage.cpu);
  const memoryBytes = parseMemoryBytes(usage.memory);
  if (cpuMilli === undefined || memoryBytes === undefined) return undefined;
  return [name, { cpuMilli, memoryBytes }];
}

/**
 * A pod's usage sample, keyed by namespace and name; `undefined` when the input is not a
 * PodMetrics with a name and a readable `timestamp`. Containers whose usage cannot be read are
 * left out. Never throws.
 */
export function toMetricsSample(raw: unknown): { namespace: string; name: string; sample: MetricsSample } | undefined {
  if (!isRecord(raw)) return undefined;
  const kind = readString(raw, 'kind');
  if (kind !== undefined && kind !== 'PodMetrics') return undefined;
  const metadata = readObject(raw, 'metadata');
  const name = readString(metadata, 'name');
  const at = readTime(raw, 'timestamp');
  if (name === undefined || at === undefined) return undefined;
  const containers: MetricsSample['containers'] = {};
  for (const entry of readArray(raw, 'containers')) {
    const usage = toUsage(entry);
    if (usage && usage[0] !== '__proto__') containers[usage[0]] = usage[1];
  }
  const windowSeconds = parseDurationSeconds(raw.window);
  return {
    namespace: readString(metadata, 'namespace') ?? 'default',
    name,
    sample: { at, ...(windowSeconds === undefined ? {} : { windowSeconds }), containers },
  };
}

/**
 * What the history keeps of the samples of one interval: the newest sample's time, and per
 * container of the newest sample the mean CPU and the highest memory of the samples after `since`
 * (the store's 5-minute buckets summarise the same way). A memory peak between two recorded
 * minutes is not lost to the sampling. `samples` are in time order and end with `newest`.
 */
export function summarizeSince(samples: readonly MetricsSample[], newest: MetricsSample, since: number): MetricsSample {
  const window = samples.filter((s) => s.at > since && s.at <= newest.at);
  if (window.length <= 1) return newest;
  const containers: MetricsSample['containers'] = {};
  for (const [name, last] of Object.entries(newest.containers)) {
    let cpu = 0;
    let count = 0;
    let memory = last.memoryBytes;
    for (const s of window) {
      const c = s.containers[name];
      if (!c) continue;
      cpu += c.cpuMilli;
      count += 1;
      if (c.memoryBytes > memory) memory = c.memoryBytes;
    }
    containers[name] = { cpuMilli: count === 0 ? last.cpuMilli : cpu / count, memoryBytes: memory };
  }
  return { ...newest, containers };
}
