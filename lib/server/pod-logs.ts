/**
 * `GET /api/pods/{namespace}/{name}/logs?container=`: the tail of a container's previous run,
 * read from the API server when a person asks, never stored, cached or logged. Only for pods and
 * containers the dashboard knows; with logs disabled (the default) no call is made and the answer
 * is the `kubectl` command to run instead.
 */
import 'server-only';
import { K8sError } from '../k8s/errors';
import { kubectlLogsCommand, LOG_TAIL_LINES } from '../model/logs-command';
import type { LogTail } from '../model/workload-view';
import type { Hub } from './hub';
import { detailOf } from './hub-views';
import { HttpError } from './http-errors';
import type { PreviousLogReader } from './runtime';

/** Bytes read at most (lines: {@link LOG_TAIL_LINES}). */
export const LOG_LIMIT_BYTES = 64 * 1024;
/** Log reads in flight per process at most: a page held down on a button cannot load the API server. */
export const MAX_LOG_READS = 4;
let reading = 0;
const MAX_LINE = 2_000;

const CONTAINER = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Terminal colour codes and other control characters out, tabs kept, long lines cut. */
export function cleanLogLine(line: string): string {
  const plain = line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return plain.length > MAX_LINE ? `${plain.slice(0, MAX_LINE)}…` : plain;
}

/** The previous run's tail, or the command when logs are off or the API server refuses. */
export async function previousLogOf(
  hub: Hub,
  reader: PreviousLogReader | undefined,
  namespace: string,
  pod: string,
  container: string | null,
  signal?: AbortSignal,
): Promise<LogTail> {
  if (container === null || !CONTAINER.test(container)) throw new HttpError(400, 'bad-parameter', 'container: must be a container name');
  const detail = detailOf(hub, namespace, pod);
  if (!detail) throw new HttpError(404, 'not-found', `No pod ${namespace}/${pod} is known.`);
  if (!detail.digest.containers.some((c) => c.name === container))
    throw new HttpError(404, 'not-found', `Pod ${namespace}/${pod} has no container ${container}.`);
  const base = { namespace, pod, container, previous: true as const, command: kubectlLogsCommand(namespace, pod, container) };
  if (!reader)
    return { ...base, enabled: false, reason: 'The dashboard does not read logs (SIDECARSCOPE_LOGS_ENABLED is off). Run this with your own credentials:' };
  if (reading >= MAX_LOG_READS) throw new HttpError(429, 'too-many-log-reads', `${MAX_LOG_READS} logs are being read already; try again in a moment.`);
  reading += 1;
  try {
    const log = await reader({ namespace, pod, container, tailLines: LOG_TAIL_LINES, limitBytes: LOG_LIMIT_BYTES, signal });
    return { ...base, enabled: true, lines: log.lines.map(cleanLogLine), truncated: log.truncated };
  } catch (error) {
    if (error instanceof K8sError && error.code === 'forbidden') {
      return {
        ...base,
        enabled: false,
        reason: `The API server refused to let the dashboard read this log (it lacks get pods/log here): ${error.apiMessage ?? 'forbidden'}. Run this with your own credentials:`,
      };
    }
    if (error instanceof K8sError && error.status === 400)
      throw new HttpError(404, 'no-previous-run', error.apiMessage ?? 'This container has no previous run whose log the node still keeps.');
    if (error instanceof K8sError && error.status === 404)
      throw new HttpError(404, 'not-found', `Pod ${namespace}/${pod} is gone from the cluster, and its logs with it.`);
    throw error;
  } finally {
    reading -= 1;
  }
}
