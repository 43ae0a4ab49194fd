import Link from 'next/link';
import { SEVERITIES } from '@/lib/model/types';
import type { ClusterSummary, SeverityCounts } from '@/lib/model/views';
import { SEVERITY_STYLE } from '@/components/ui/severity-badge';

/** Pod counts by phase and findings by severity, each severity a link to the pods that have it. */
export function ClusterCards({ pods, findings }: { pods: ClusterSummary['pods']; findings: SeverityCounts }) {
  const phases = Object.entries(pods.byPhase).sort((a, b) => b[1] - a[1]);
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="cluster-cards">
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm text-slate-600 dark:text-slate-400">Pods</p>
        <p className="text-3xl font-semibold tabular-nums">{pods.total}</p>
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          in {pods.namespaces} namespace{pods.namespaces === 1 ? '' : 's'}
          {phases.length > 0 && ' · '}
          {phases.map(([phase, count]) => `${count} ${phase}`).join(' · ')}
        </p>
      </div>
      {SEVERITIES.map((severity) => (
        <Link
          key={severity}
          href={`/pods?severity=${severity}&sort=-findings`}
          data-testid={`severity-${severity}`}
          className={`rounded-lg p-4 shadow-sm ring-1 hover:ring-2 focus-visible:outline-2 focus-visible:outline-sky-500 ${SEVERITY_STYLE[severity]}`}
        >
          <p className="text-sm capitalize">{severity} findings</p>
          <p className="text-3xl font-semibold tabular-nums">{findings[severity]}</p>
          <p className="mt-1 text-xs underline">Show pods</p>
        </Link>
      ))}
    </div>
  );
}
