import Link from 'next/link';
import type { WorkloadSummary } from '@/lib/model/views';
import { Section } from '@/components/ui/section';
import { formatDuration } from '@/components/ui/format';
import { workloadPagePath } from '@/lib/client/app-paths';

function workloadHref(w: WorkloadSummary): string {
  return workloadPagePath(w.namespace, w.workload);
}

/** How long pods of each workload wait on their sidecars before the app starts (median, p95). */
export function StartupTaxTable({ workloads }: { workloads: WorkloadSummary[] }) {
  const rows = workloads.filter((w) => w.startupTaxMs && w.startupTaxMs.samples > 0).sort((a, b) => (b.startupTaxMs?.p95 ?? 0) - (a.startupTaxMs?.p95 ?? 0));
  return (
    <Section title="Startup tax: time spent waiting on sidecars before the app starts" id="startup-tax">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No pod with sidecars has started yet while the dashboard was watching.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-1 font-medium">Workload</th>
              <th className="py-1 text-right font-medium">Median</th>
              <th className="py-1 text-right font-medium">p95</th>
              <th className="py-1 text-right font-medium">Pods measured</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((w) => (
              <tr key={`${w.namespace}/${w.workload.kind}/${w.workload.name}`}>
                <td className="py-1.5">
                  <Link href={workloadHref(w)} className="hover:underline">
                    {w.namespace}/{w.workload.name}
                  </Link>{' '}
                  <span className="text-xs text-slate-500">{w.workload.kind}</span>
                </td>
                <td className="py-1.5 text-right tabular-nums">{formatDuration(w.startupTaxMs?.p50)}</td>
                <td className="py-1.5 text-right tabular-nums">{formatDuration(w.startupTaxMs?.p95)}</td>
                <td className="py-1.5 text-right tabular-nums">{w.startupTaxMs?.samples}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
