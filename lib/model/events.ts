/**
 * Events about pods, from core/v1 `Event` (kubelet: `involvedObject`, `firstTimestamp`,
 * `lastTimestamp`, `count`, `source.component`) and events.k8s.io/v1 `Event` (`regarding`,
 * `eventTime`, `series`, `reportingController`, `note`), reduced to one {@link EventDigest}.
 *
 * Field mapping as in
 * https://github.com/kubernetes/kubernetes/blob/v1.34.0/pkg/apis/events/v1/conversion.go
 */
import { isRecord, readNumber, readObject, readString, readTime, type RawObject } from './raw';
import type { EventDigest } from './types';

const FIELD_PATH = /^spec\.(?:containers|initContainers|ephemeralContainers)\{([^}]+)\}$/;

/** The container named by a field path such as `spec.initContainers{istio-proxy}`. */
export function containerFromFieldPath(fieldPath: string | undefined): string | undefined {
  return fieldPath === undefined ? undefined : FIELD_PATH.exec(fieldPath)?.[1];
}

function isEventsV1(raw: RawObject): boolean {
  const apiVersion = readString(raw, 'apiVersion');
  if (apiVersion !== undefined) return apiVersion.startsWith('events.k8s.io/');
  return isRecord(raw.regarding) && !isRecord(raw.involvedObject);
}

interface Times {
  firstAt?: number;
  lastAt?: number;
  count: number;
}

function timesV1(raw: RawObject): Times {
  const series = readObject(raw, 'series');
  const eventTime = readTime(raw, 'eventTime') ?? readTime(raw, 'deprecatedFirstTimestamp');
  const lastAt = readTime(series, 'lastObservedTime') ?? readTime(raw, 'deprecatedLastTimestamp') ?? eventTime;
  const count = readNumber(series, 'count') ?? readNumber(raw, 'deprecatedCount') ?? 1;
  return { firstAt: eventTime ?? lastAt, lastAt, count: Math.max(count, 1) };
}

function timesCore(raw: RawObject): Times {
  const series = readObject(raw, 'series');
  const eventTime = readTime(raw, 'eventTime');
  const firstAt = readTime(raw, 'firstTimestamp') ?? eventTime;
  const lastAt = readTime(raw, 'lastTimestamp') ?? readTime(series, 'lastObservedTime') ?? firstAt;
  const count = readNumber(raw, 'count') ?? readNumber(series, 'count') ?? 1;
  return { firstAt: firstAt ?? lastAt, lastAt, count: Math.max(count, 1) };
}

/**
 * The digest of a core/v1 or events.k8s.io/v1 Event about a Pod; `undefined` for anything else
 * (events about other kinds, not an event, no pod name). Never throws.
 */
export function toEventDigest(raw: unknown): EventDigest | undefined {
  if (!isRecord(raw)) return undefined;
  const v1 = isEventsV1(raw);
  const subject = readObject(raw, v1 ? 'regarding' : 'involvedObject');
  if (readString(subject, 'kind') !== 'Pod') return undefined;
  const podName = readString(subject, 'name');
  if (podName === undefined) return undefined;
  const metadata = readObject(raw, 'metadata');
  const fieldPath = readString(subject, 'fieldPath');
  const source = v1
    ? (readString(raw, 'reportingController') ?? readString(readObject(raw, 'deprecatedSource'), 'component'))
    : (readString(readObject(raw, 'source'), 'component') ?? readString(raw, 'reportingComponent'));
  return {
    uid: readString(metadata, 'uid'),
    namespace: readString(subject, 'namespace') ?? readString(metadata, 'namespace') ?? 'default',
    podName,
    podUid: readString(subject, 'uid'),
    type: readString(raw, 'type') ?? 'Normal',
    reason: readString(raw, 'reason') ?? '',
    message: (v1 ? readString(raw, 'note') : readString(raw, 'message')) ?? '',
    container: containerFromFieldPath(fieldPath),
    fieldPath,
    ...(v1 ? timesV1(raw) : timesCore(raw)),
    source: source || undefined,
  };
}
