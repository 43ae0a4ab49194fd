/**
 * The tail of a container's previous run (`GET /api/v1/namespaces/{ns}/pods/{pod}/log?previous=true`),
 * bounded in lines and bytes, for the crash-looping and OOM-killed containers the findings name.
 * Read on demand, never stored or logged: logs can hold secrets. The only caller of `pods/log`.
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-read-log-of-the-specified-pod
 */
import { K8sError } from './errors';
import type { KubeTransport } from './transport-types';

export interface PreviousLogRequest {
  namespace: string;
  pod: string;
  container: string;
  /** Lines from the end (the API's `tailLines`). */
  tailLines: number;
  /** Bytes at most (the API's `limitBytes`; also enforced while reading). */
  limitBytes: number;
  signal?: AbortSignal;
}

export interface PreviousLog {
  lines: string[];
  /** The tail was cut by the line or byte bound: earlier lines exist. */
  truncated: boolean;
}

/** The previous run's last lines; throws {@link K8sError} (403 without `get pods/log`, 400 when there is no previous run). */
export async function readPreviousLog(transport: KubeTransport, request: PreviousLogRequest): Promise<PreviousLog> {
  if (!transport.getText) throw new K8sError('bad-response', 'this connection cannot read logs');
  const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/log`;
  const query = { container: request.container, previous: true, tailLines: request.tailLines, limitBytes: request.limitBytes };
  const { text, truncated } = await transport.getText(path, query, request.limitBytes, request.signal);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const bounded = lines.slice(-request.tailLines);
  return { lines: bounded, truncated: truncated || bounded.length >= request.tailLines || Buffer.byteLength(text) >= request.limitBytes };
}
