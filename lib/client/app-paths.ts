/** Paths of the dashboard's own pages, for links. */
import type { WorkloadRef } from '@/lib/model/types';

/** `/workloads/{namespace}/{kind}/{name}`: the workload page. */
export function workloadPagePath(namespace: string, workload: WorkloadRef): string {
  return `/workloads/${encodeURIComponent(namespace)}/${encodeURIComponent(workload.kind)}/${encodeURIComponent(workload.name)}`;
}
