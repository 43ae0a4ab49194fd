'use client';
import useSWR from 'swr';
import { ENDPOINTS } from '@/lib/model/contract';
import type { RightSizingReport, SidecarSizing } from '@/lib/model/prometheus-views';
import type { ApiError } from '@/lib/client/api-error';
import { fetchJson } from '@/lib/client/fetcher';
import { Section } from '@/components/ui/section';
import { formatBytes, formatCpu } from '@/components/ui/format';

const PATH = '/api/right-sizing?window=1d';

function suggestion(row: SidecarSizing): string {
  if (row.annotations)
    return Object.entries(row.annotations)
      .map(([k, v]) => `${k}: "${v}"`)
      .join('\n');
  const parts = [
    row.suggested.cpuMilli === undefined ? undefined : `cpu: ${row.suggested.cpuMilli}m`,
    row.suggested.memoryBytes === undefined ? undefined : `memory: ${Math.round(row.suggested.memoryBytes / 1048576)}Mi`,
  ].filter(Boolean);
  return parts.length === 0 ? 'not enough data yet' : `requests: { ${parts.join(', ')} }`;
}

/**
 * Sidecar right-sizing per workload over the last day, from Prometheus: requests against the p95
 * CPU and peak memory, the suggestion in the injector's form, the fleet delta. Renders nothing
 * without a Prometheus (the report says `unavailable`).
 */
export function RightSizingTable() {
  const { data, error } = useSWR<RightSizingReport, ApiError>(PATH, (path: string) => fetchJson(path, ENDPOINTS['/api/right-sizing']), {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
    refreshInterval: 600_000,
  });
  if (data?.unavailable !== undefined) return null;
  if (!data && !error) return null;
  return (
    <Section title="Sidecar right-sizing (last day, from Prometheus)" id="right-sizing">
      {error ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">{error.message}</p>
      ) : data && data.rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No sidecars to size.</p>
      ) : (
        data && (
          <>
            <p className="mb-2 text-sm" data-testid="right-sizing-savings">
              Lowering over-sized sidecar requests would free {formatCpu(data.fleetSavings.cpuMilli)} CPU and {formatBytes(data.fleetSavings.memoryBytes)} of
              memory across the fleet (p95 CPU and peak memory + 20 %).
            </p>
            <table className="w-full text-sm">
              <thead className="text-left text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="py-1 font-medium">Workload / sidecar</th>
                  <th className="py-1 text-right font-medium">Pods</th>
                  <th className="py-1 text-right font-medium">Requests</th>
                  <th className="py-1 text-right font-medium">p95 CPU · peak memory</th>
                  <th className="py-1 pl-4 font-medium">Suggested</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {data.rows.slice(0, 50).map((row) => (
                  <tr key={`${row.namespace}/${row.workload.kind}/${row.workload.name}/${row.container}`} data-testid="right-sizing-row">
                    <td className="py-1.5">
                      {row.namespace}/{row.workload.name} <span className="text-xs text-slate-500">{row.container}</span>
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{row.pods}</td>
                    <td className="py-1.5 text-right tabular-nums">
                      {formatCpu(row.requests.cpuMilli)} · {formatBytes(row.requests.memoryBytes)}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      {formatCpu(row.p95CpuMilli)} · {formatBytes(row.peakMemoryBytes)}
                    </td>
                    <td className="py-1.5 pl-4">
                      <code className="whitespace-pre text-xs">{suggestion(row)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      )}
    </Section>
  );
}
