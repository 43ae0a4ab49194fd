import Link from 'next/link';
import type { FleetShare, WorkloadSummary } from '@/lib/model/views';
import { Section } from '@/components/ui/section';
import { formatBytes, formatCpu, formatShare } from '@/components/ui/format';
import { workloadPagePath } from '@/lib/client/app-paths';
import { ShareBar } from './share-bar';

function FleetBars({ fleet, metricsAvailable }: { fleet: FleetShare; metricsAvailable: boolean }) {
  const { sidecars, mains } = fleet;
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <ShareBar label="CPU requested" sidecars={sidecars.requests.cpuMilli} mains={mains.requests.cpuMilli} format={formatCpu} />
      <ShareBar label="Memory requested" sidecars={sidecars.requests.memoryBytes} mains={mains.requests.memoryBytes} format={formatBytes} />
      {metricsAvailable && sidecars.usage && mains.usage && (
        <>
          <ShareBar label="CPU used" sidecars={sidecars.usage.cpuMilli} mains={mains.usage.cpuMilli} format={formatCpu} />
          <ShareBar label="Memory used" sidecars={sidecars.usage.memoryBytes} mains={mains.usage.memoryBytes} format={formatBytes} />
        </>
      )}
    </div>
  );
}

function WorkloadRow({ w }: { w: WorkloadSummary }) {
  const { sidecars, mains } = w.fleet;
  const share = (a: number | undefined, b: number | undefined) => formatShare(a ?? 0, (a ?? 0) + (b ?? 0));
  return (
    <tr>
      <td className="py-1.5">
        <Link href={workloadPagePath(w.namespace, w.workload)} className="hover:underline">
          {w.namespace}/{w.workload.name}
        </Link>{' '}
        <span className="text-xs text-slate-500">{w.workload.kind}</span>
      </td>
      <td className="py-1.5 text-right tabular-nums">{w.pods}</td>
      <td className="py-1.5 text-right tabular-nums">{w.fleet.sidecarCount}</td>
      <td className="py-1.5 text-right tabular-nums">{share(sidecars.requests.cpuMilli, mains.requests.cpuMilli)}</td>
      <td className="py-1.5 text-right tabular-nums">{share(sidecars.requests.memoryBytes, mains.requests.memoryBytes)}</td>
      <td className="py-1.5 text-right tabular-nums">{sidecars.usage ? share(sidecars.usage.cpuMilli, mains.usage?.cpuMilli) : '—'}</td>
      <td className="py-1.5 text-right tabular-nums">{sidecars.usage ? share(sidecars.usage.memoryBytes, mains.usage?.memoryBytes) : '—'}</td>
    </tr>
  );
}

/** What sidecars cost: the cluster's share of requests and use, then per workload. */
export function FleetPanel({ fleet, workloads, metricsAvailable }: { fleet: FleetShare; workloads: WorkloadSummary[]; metricsAvailable: boolean }) {
  const rows = [...workloads].filter((w) => w.fleet.sidecarCount > 0).sort((a, b) => b.fleet.sidecarCount - a.fleet.sidecarCount);
  return (
    <Section title="Sidecar fleet: what sidecars cost next to the apps they serve" id="sidecar-fleet">
      <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
        <strong className="tabular-nums">{fleet.sidecarCount}</strong> sidecar containers run beside <strong className="tabular-nums">{fleet.mainCount}</strong>{' '}
        main containers (native sidecars included).
      </p>
      <FleetBars fleet={fleet} metricsAvailable={metricsAvailable} />
      {rows.length > 0 && (
        <table className="mt-4 w-full text-sm">
          <caption className="sr-only">Sidecar share per workload</caption>
          <thead className="text-left text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 font-medium">Workload</th>
              <th className="py-1 text-right font-medium">Pods</th>
              <th className="py-1 text-right font-medium">Sidecars</th>
              <th className="py-1 text-right font-medium">CPU req. share</th>
              <th className="py-1 text-right font-medium">Mem req. share</th>
              <th className="py-1 text-right font-medium">CPU used share</th>
              <th className="py-1 text-right font-medium">Mem used share</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((w) => (
              <WorkloadRow key={`${w.namespace}/${w.workload.kind}/${w.workload.name}`} w={w} />
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
