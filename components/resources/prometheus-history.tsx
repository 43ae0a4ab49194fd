'use client';
import type { PodPrometheusView, PrometheusContainerSeries } from '@/lib/prometheus/pod-view';
import { usePodPrometheus } from '@/lib/client/use-prometheus';
import { formatClock, formatCpu } from '@/components/ui/format';
import { formatMebibytes, toMebibytes } from './nice-scale';
import { UsageChart } from './usage-chart';

const formatShare = (share: number) => `${Math.round(share * 100)}%`;

function ContainerHistory({ series, domain }: { series: PrometheusContainerSeries; domain: [number, number] }) {
  const oom = series.oomEvents.map((m) => ({ at: m.at, label: m.count > 1 ? `OOM ×${m.count}` : 'OOM' }));
  const restarts = series.restarts.map((m) => ({ at: m.at, label: 'restart' }));
  const memory = series.memory.map((p) => ({ at: p.at, value: p.value / (1024 * 1024) }));
  return (
    <div data-testid="prometheus-container" data-container={series.container} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <h3 className="mb-2 text-sm font-medium">{series.container}</h3>
      <div className="grid gap-4 md:grid-cols-3">
        <UsageChart
          title="CPU"
          testId={`prom-cpu-chart-${series.container}`}
          points={series.cpu}
          request={series.requests.cpuMilli}
          limit={series.limits.cpuMilli}
          format={formatCpu}
          markers={restarts}
          domain={domain}
        />
        <UsageChart
          title="Memory (working set)"
          testId={`prom-memory-chart-${series.container}`}
          points={memory}
          request={toMebibytes(series.requests.memoryBytes)}
          limit={toMebibytes(series.limits.memoryBytes)}
          format={formatMebibytes}
          markers={oom}
          domain={domain}
        />
        {series.throttled === null ? (
          <p data-testid={`throttling-unavailable-${series.container}`} className="text-xs text-slate-500">
            No CFS throttling series for {series.container}: it has no CPU limit, or cAdvisor does not report it. Unknown, not zero.
          </p>
        ) : (
          <UsageChart
            title="CPU throttled (share of CFS periods)"
            testId={`throttling-chart-${series.container}`}
            points={series.throttled}
            format={formatShare}
            domain={domain}
            hasBounds={false}
          />
        )}
      </div>
      {series.oomEvents.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2 text-xs" aria-label={`OOM events in ${series.container}`}>
          {series.oomEvents.map((m) => (
            <li
              key={m.at}
              data-testid="oom-marker"
              data-container={series.container}
              className="rounded bg-red-100 px-2 py-0.5 text-red-800 dark:bg-red-950 dark:text-red-300"
            >
              OOM kill{m.count > 1 ? ` ×${m.count}` : ''} at {formatClock(m.at)} UTC
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Where the figures come from; the reason when Prometheus is configured but not used. */
function SourceLine({ view }: { view: PodPrometheusView }) {
  if (view.source === 'prometheus') {
    return (
      <p data-testid="prometheus-source" className="text-xs text-slate-500">
        From Prometheus since the pod started ({formatClock(view.from)}–{formatClock(view.to)} UTC, one point every {view.stepSeconds} s).
      </p>
    );
  }
  return (
    <p
      data-testid="prometheus-fallback"
      role="status"
      className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      Prometheus: {view.reason}
    </p>
  );
}

/**
 * CPU, memory and CPU throttling per container from Prometheus, back to the pod's start, with OOM
 * events and restarts as markers. Renders nothing when no Prometheus is configured.
 */
export function PrometheusHistory({ namespace, name }: { namespace: string; name: string }) {
  const { data } = usePodPrometheus(namespace, name);
  if (!data || (data.source === 'metrics-server' && data.reason?.startsWith('No Prometheus is configured'))) return null;
  const domain: [number, number] = [data.from, data.to];
  return (
    <div className="space-y-3" data-testid="prometheus-history">
      <SourceLine view={data} />
      {data.containers.map((series) => (
        <ContainerHistory key={series.container} series={series} domain={domain} />
      ))}
    </div>
  );
}
