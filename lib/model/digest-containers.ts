/**
 * The container half of `toPodDigest`: specs (probes, resources, ports) and statuses (states,
 * `started`/`ready`, restarts), read from raw API objects without throwing.
 */
import { parseCpuMilli, parseMemoryBytes } from './quantity';
import { boundedMemo } from './bounded-memo';
import { isRecord, readArray, readBoolean, readNumber, readObject, readString, readTime, type RawObject } from './raw';
import type { ContainerResources, ContainerState, ContainerStatusDigest, ProbeDigest, ProbeHandler, ResourceFigures } from './types';

const HANDLERS: readonly ProbeHandler[] = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

/** A probe's handler, its port and path (a fix reuses them) and timing, with the API's defaults (period 10 s, failureThreshold 3). */
export function toProbeDigest(raw: unknown): ProbeDigest | undefined {
  if (!isRecord(raw)) return undefined;
  const handler = HANDLERS.find((name) => isRecord(raw[name])) ?? 'unknown';
  const action = handler === 'unknown' ? undefined : readObject(raw, handler);
  const port = action?.port;
  // The query string is dropped: it can carry a token (`/healthz?key=…`), and nothing needs it.
  const path = handler === 'httpGet' ? readString(action, 'path')?.split('?')[0] : undefined;
  const scheme = handler === 'httpGet' ? readString(action, 'scheme') : undefined;
  const timeoutSeconds = readNumber(raw, 'timeoutSeconds');
  return {
    handler,
    initialDelaySeconds: readNumber(raw, 'initialDelaySeconds') ?? 0,
    periodSeconds: readNumber(raw, 'periodSeconds') ?? 10,
    failureThreshold: readNumber(raw, 'failureThreshold') ?? 3,
    ...(typeof port === 'number' || typeof port === 'string' ? { port } : {}),
    ...(path === undefined ? {} : { path }),
    ...(scheme === undefined || scheme === 'HTTP' ? {} : { scheme }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

/** Quantity texts of specs read lately (pods of a template repeat them). */
const CPU_MILLI = boundedMemo(parseCpuMilli, 256);
const MEMORY_BYTES = boundedMemo(parseMemoryBytes, 256);

function remembered(known: (text: string) => number | undefined, quantity: unknown, parse: (quantity: unknown) => number | undefined): number | undefined {
  return typeof quantity === 'string' ? known(quantity) : parse(quantity);
}

function toFigures(raw: RawObject | undefined, problems: string[], path: string): ResourceFigures {
  const figures: ResourceFigures = {};
  if (!raw) return figures;
  if (raw.cpu !== undefined) {
    const cpuMilli = remembered(CPU_MILLI, raw.cpu, parseCpuMilli);
    if (cpuMilli === undefined) problems.push(`${path}.cpu: not a quantity`);
    else figures.cpuMilli = cpuMilli;
  }
  if (raw.memory !== undefined) {
    const memoryBytes = remembered(MEMORY_BYTES, raw.memory, parseMemoryBytes);
    if (memoryBytes === undefined) problems.push(`${path}.memory: not a quantity`);
    else figures.memoryBytes = memoryBytes;
  }
  return figures;
}

/** Requests and limits in millicores and bytes; a request defaults to its limit, as the API server does. */
export function toContainerResources(raw: unknown, problems: string[], path: string): ContainerResources {
  const resources = isRecord(raw) ? raw : undefined;
  const limits = toFigures(readObject(resources, 'limits', problems, `${path}.limits`), problems, `${path}.limits`);
  const requests = toFigures(readObject(resources, 'requests', problems, `${path}.requests`), problems, `${path}.requests`);
  const cpuMilli = requests.cpuMilli ?? limits.cpuMilli;
  const memoryBytes = requests.memoryBytes ?? limits.memoryBytes;
  return {
    requests: { ...(cpuMilli === undefined ? {} : { cpuMilli }), ...(memoryBytes === undefined ? {} : { memoryBytes }) },
    limits,
  };
}

/** Declared `containerPort` numbers. */
export function toPorts(raw: RawObject): number[] {
  return readArray(raw, 'ports')
    .map((port) => (isRecord(port) ? readNumber(port, 'containerPort') : undefined))
    .filter((port): port is number => port !== undefined);
}

/** One of `waiting`, `running`, `terminated`; an empty or unreadable state is `unknown`. */
export function toContainerState(raw: unknown, problems: string[], path: string): ContainerState {
  if (!isRecord(raw)) return { state: 'unknown' };
  const terminated = readObject(raw, 'terminated');
  if (terminated) return toTerminated(terminated, problems, `${path}.terminated`);
  const running = readObject(raw, 'running');
  if (running) return { state: 'running', startedAt: readTime(running, 'startedAt', problems, `${path}.running.startedAt`) };
  const waiting = readObject(raw, 'waiting');
  if (waiting) return { state: 'waiting', reason: readString(waiting, 'reason'), message: readString(waiting, 'message') };
  return { state: 'unknown' };
}

function toTerminated(raw: RawObject, problems: string[], path: string): ContainerState {
  return {
    state: 'terminated',
    reason: readString(raw, 'reason'),
    message: readString(raw, 'message'),
    exitCode: readNumber(raw, 'exitCode'),
    signal: readNumber(raw, 'signal'),
    startedAt: readTime(raw, 'startedAt', problems, `${path}.startedAt`),
    finishedAt: readTime(raw, 'finishedAt', problems, `${path}.finishedAt`),
  };
}

/** One container status; undefined (with a problem) when it has no name. */
export function toContainerStatus(raw: unknown, problems: string[], path: string): ContainerStatusDigest | undefined {
  const name = isRecord(raw) ? readString(raw, 'name') : undefined;
  if (!isRecord(raw) || name === undefined) {
    problems.push(`${path}: status without a name`);
    return undefined;
  }
  const lastState = toContainerState(raw.lastState, problems, `${path}.lastState`);
  return {
    name,
    ready: readBoolean(raw, 'ready') ?? false,
    started: readBoolean(raw, 'started'),
    restartCount: readNumber(raw, 'restartCount') ?? 0,
    state: toContainerState(raw.state, problems, `${path}.state`),
    ...(lastState.state === 'unknown' ? {} : { lastState }),
    image: readString(raw, 'image'),
    imageID: readString(raw, 'imageID'),
    containerID: readString(raw, 'containerID'),
  };
}
