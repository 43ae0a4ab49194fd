import type { ContainerMetricsSeries } from '@/lib/model/views';
import { KindBadge } from '@/components/ui/kind-badge';
import { formatBytes, formatCpu } from '@/components/ui/format';
import { formatMebibytes, toMebibytes } from './nice-scale';
import { UsageChart } from './usage-chart';

function ContainerCharts({ series }: { series: ContainerMetricsSeries }) {
  const cpu = series.points.map((p) => ({ at: p.at, value: p.cpuMilli }));
  const memory = series.points.map((p) => ({ at: p.at, value: p.memoryBytes / (1024 * 1024) }));
  return (
    <div data-testid="container-resources" data-container={series.container} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <h3 className="mb-2 flex items-center gap-2 text-sm font-medium">
        {series.container} <KindBadge kind={series.kind} />
      </h3>
      {series.points.length === 0 ? (
        <p className="text-xs text-slate-500">
          No samples for this container yet (requests {formatCpu(series.requests.cpuMilli)} CPU, {formatBytes(series.requests.memoryBytes)} memory).
        </p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <UsageChart
            title="CPU"
            testId={`cpu-chart-${series.container}`}
            points={cpu}
            request={series.requests.cpuMilli}
            limit={series.limits.cpuMilli}
            format={formatCpu}
          />
          <UsageChart
            title="Memory (working set)"
            testId={`memory-chart-${series.container}`}
            points={memory}
            request={toMebibytes(series.requests.memoryBytes)}
            limit={toMebibytes(series.limits.memoryBytes)}
            format={formatMebibytes}
          />
        </div>
      )}
    </div>
  );
}

/** CPU and memory of every container of the pod, native sidecars included. */
export function ResourceCharts({ metrics }: { metrics: ContainerMetricsSeries[] }) {
  if (metrics.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No resource figures for this pod yet: the metrics API reports running pods only, and the dashboard keeps samples from when it started watching.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {metrics.map((series) => (
        <ContainerCharts key={series.container} series={series} />
      ))}
    </div>
  );
}
