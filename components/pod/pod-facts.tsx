import Link from 'next/link';
import type { PodDetail } from '@/lib/model/views';
import { formatBytes, formatCpuMilli } from '@/lib/model/quantity';
import { workloadPagePath } from '@/lib/client/app-paths';
import { formatDateTime } from '@/components/ui/format';

/** The pod's identity line under the title: status, ready, workload, node, created. */
export function PodFacts({ detail }: { detail: PodDetail }) {
  const { row, digest } = detail;
  const workloadHref = workloadPagePath(row.namespace, row.workload);
  return (
    <span className="flex flex-wrap gap-x-4 gap-y-1" data-testid="pod-facts">
      <span>
        Status <strong data-testid="pod-status">{row.deleted ? 'Deleted' : row.status}</strong>
      </span>
      <span>
        Ready <strong>{row.ready}</strong>
      </span>
      <span>
        Restarts <strong>{row.restarts}</strong>
      </span>
      <span>
        Workload{' '}
        <Link href={workloadHref} className="font-medium underline" data-testid="pod-workload-link">
          {row.workload.kind}/{row.workload.name}
        </Link>
      </span>
      {row.node && (
        <span>
          Node <strong>{row.node}</strong>
        </span>
      )}
      <span>
        restartPolicy <strong>{digest.restartPolicy}</strong>
      </span>
      <span title="What the scheduler reserves for this pod: the larger of its init phase and its running phase, native sidecars counted in both (KEP-753)">
        Scheduled request{' '}
        <strong data-testid="pod-effective-request">
          {formatCpuMilli(detail.effectiveRequests.cpuMilli)} CPU · {formatBytes(detail.effectiveRequests.memoryBytes)}
        </strong>
      </span>
      <span>Created {formatDateTime(row.createdAt)} UTC</span>
    </span>
  );
}
