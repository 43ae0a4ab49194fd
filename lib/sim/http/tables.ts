/**
 * Server-side printing: `meta.k8s.io/v1` Tables for `Accept: application/json;as=Table;…`, which
 * is what `kubectl get` asks for. Pod columns come from lib/model's port of kubectl's printPod so
 * the sim and the dashboard never disagree on STATUS/READY/RESTARTS.
 */
import { toPodDigest } from '../../model/digest';
import { kubectlColumns } from '../../model/kubectl-status';
import type { KubeObject } from '../kube-types';
import type { ResourceName } from '../store';
import { toShortAge } from '../time-format';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, type = 'string', priority = 0, format = ''): Column => ({ name, type, format, description: name, priority });

const COLUMNS: Record<ResourceName, Column[]> = {
  pods: [
    col('Name', 'string', 0, 'name'),
    col('Ready'),
    col('Status'),
    col('Restarts'),
    col('Age'),
    col('IP', 'string', 1),
    col('Node', 'string', 1),
    col('Nominated Node', 'string', 1),
    col('Readiness Gates', 'string', 1),
  ],
  events: [
    col('Last Seen'),
    col('Type'),
    col('Reason'),
    col('Object'),
    col('Subobject', 'string', 1),
    col('Source', 'string', 1),
    col('Message'),
    col('First Seen', 'string', 1),
    col('Count', 'string', 1),
    col('Name', 'string', 1, 'name'),
  ],
  nodes: [col('Name', 'string', 0, 'name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 'string', 1)],
  namespaces: [col('Name', 'string', 0, 'name'), col('Status'), col('Age')],
};

const parseTime = (value: unknown): number | undefined => (typeof value === 'string' ? Date.parse(value) : undefined);
const age = (now: number, value: unknown) => {
  const at = parseTime(value);
  return at === undefined || Number.isNaN(at) ? '<unknown>' : toShortAge(now - at);
};

function podCells(pod: KubeObject, now: number): unknown[] {
  const digest = toPodDigest(pod);
  const columns = digest ? kubectlColumns(digest) : undefined;
  const status = (pod.status ?? {}) as { podIP?: string; containerStatuses?: { lastState?: { terminated?: { finishedAt?: string } } }[] };
  const lastRestart = Math.max(0, ...(status.containerStatuses ?? []).map((c) => parseTime(c.lastState?.terminated?.finishedAt) ?? 0));
  const restarts = columns ? `${columns.restarts}${columns.restarts > 0 && lastRestart > 0 ? ` (${toShortAge(now - lastRestart)} ago)` : ''}` : '0';
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  return [
    pod.metadata.name,
    columns?.ready ?? '0/0',
    columns?.status ?? 'Unknown',
    restarts,
    age(now, pod.metadata.creationTimestamp),
    status.podIP ?? '<none>',
    spec.nodeName ?? '<none>',
    '<none>',
    '<none>',
  ];
}

function eventCells(e: KubeObject, now: number): unknown[] {
  const involved = (e.involvedObject ?? {}) as { kind?: string; name?: string; fieldPath?: string };
  const source = (e.source ?? {}) as { component?: string; host?: string };
  const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  const subobject = involved.fieldPath ?? '';
  return [
    age(now, last),
    e.type,
    e.reason,
    `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
    subobject,
    source.component ?? e.reportingComponent ?? '',
    e.message,
    age(now, e.firstTimestamp ?? e.eventTime),
    String(e.count ?? 1),
    e.metadata.name,
  ];
}

function nodeCells(n: KubeObject, now: number): unknown[] {
  const status = (n.status ?? {}) as {
    conditions?: { type: string; status: string }[];
    nodeInfo?: { kubeletVersion?: string };
    addresses?: { type: string; address: string }[];
  };
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
  const ip = status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '<none>';
  return [n.metadata.name, ready, '<none>', age(now, n.metadata.creationTimestamp), status.nodeInfo?.kubeletVersion ?? '', ip];
}

function cellsOf(resource: ResourceName, object: KubeObject, now: number): unknown[] {
  switch (resource) {
    case 'pods':
      return podCells(object, now);
    case 'events':
      return eventCells(object, now);
    case 'nodes':
      return nodeCells(object, now);
    case 'namespaces':
      return [object.metadata.name, (object.status as { phase?: string } | undefined)?.phase ?? 'Active', age(now, object.metadata.creationTimestamp)];
  }
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A Table of `objects`; `withColumns: false` for watch events after the first. */
export function toTable(resource: ResourceName, objects: KubeObject[], now: number, meta: Record<string, unknown>, include: IncludeObject, withColumns = true) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: withColumns ? COLUMNS[resource] : [],
    rows: objects.map((o) => {
      const object = rowObject(o, include);
      return { cells: cellsOf(resource, o, now), ...(object ? { object } : {}) };
    }),
  };
}

/** Whether the Accept header asks for a Table (the first acceptable type wins, as the API server does). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
