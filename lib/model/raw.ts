/**
 * Reading untrusted Kubernetes JSON without throwing: every reader returns `undefined` for a
 * missing or ill-typed field and, given a `problems` list, says why in a short line.
 */
import { boundedMemo } from './bounded-memo';

export type RawObject = Record<string, unknown>;

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or undefined; a present non-object is a problem. */
export function readObject(from: RawObject | undefined, key: string, problems?: string[], path = key): RawObject | undefined {
  const value = from?.[key];
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  problems?.push(`${path}: not an object`);
  return undefined;
}

/** The array at `key`, or an empty one; a present non-array is a problem. */
export function readArray(from: RawObject | undefined, key: string, problems?: string[], path = key): unknown[] {
  const value = from?.[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as unknown[];
  problems?.push(`${path}: not a list`);
  return [];
}

/** A string field; numbers and booleans are not coerced. */
export function readString(from: RawObject | undefined, key: string): string | undefined {
  const value = from?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** A finite number field; numeric strings are accepted (`"30"`), anything else is undefined. */
export function readNumber(from: RawObject | undefined, key: string): number | undefined {
  const value = from?.[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean field, or undefined when absent or of another type. */
export function readBoolean(from: RawObject | undefined, key: string): boolean | undefined {
  const value = from?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Below this a number is taken as epoch seconds (1e11 s is year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

/**
 * Epoch ms of a timestamp as the API server (RFC 3339 string), client-node (`Date`) or a hand
 * written fixture (epoch seconds or ms) gives it. `null`/absent is undefined silently; anything
 * else unreadable is undefined with a problem.
 */
export function readTime(from: RawObject | undefined, key: string, problems?: string[], path = key): number | undefined {
  const value = from?.[key];
  if (value === undefined || value === null) return undefined;
  const at = toEpochMs(value);
  if (at === undefined) problems?.push(`${path}: not a timestamp`);
  return at;
}

/** The epoch ms of one timestamp value, or undefined. */
export function toEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) {
    const at = value.getTime();
    return Number.isFinite(at) ? at : undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return value < SECONDS_LIMIT ? value * 1000 : value;
  }
  if (typeof value === 'string') return stringTime(value);
  return undefined;
}

/**
 * Texts read lately and their epoch ms (or undefined): a pod repeats its times (creation, start,
 * conditions), and pods created together share them.
 */
const stringTime = boundedMemo((value: string): number | undefined => {
  const parsed = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}, 1_024);

/** A `Record<string, string>` of the string-valued entries (labels, annotations). */
export function readStringMap(from: RawObject | undefined, key: string, keep?: (name: string) => boolean): Record<string, string> {
  const value = from?.[key];
  const result: Record<string, string> = {};
  if (!isRecord(value)) return result;
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry === 'string' && name !== '__proto__' && (keep === undefined || keep(name))) result[name] = entry;
  }
  return result;
}
