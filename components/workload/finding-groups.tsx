import Link from 'next/link';
import type { WorkloadRef } from '@/lib/model/types';
import type { FindingGroup } from '@/lib/model/workload-view';
import { SeverityBadge } from '@/components/ui/severity-badge';

/** The findings of every pod of the workload, one line per id, with how many pods and which. */
export function FindingGroups({ namespace, workload, groups }: { namespace: string; workload: WorkloadRef; groups: FindingGroup[] }) {
  if (groups.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No findings on the live pods of this workload.</p>;
  const listHref = (id: string) =>
    `/pods?namespace=${encodeURIComponent(namespace)}&workload=${encodeURIComponent(`${workload.kind}/${workload.name}`)}&finding=${encodeURIComponent(id)}`;
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {groups.map((g) => (
        <li key={g.id} data-testid="finding-group" data-finding={g.id} data-pods={g.pods} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2">
          <SeverityBadge severity={g.severity} />
          <div className="min-w-0 flex-1">
            <p>
              <code className="text-xs text-slate-500">{g.id}</code> <span className="font-medium">{g.message}</span>
            </p>
            <p className="text-xs text-slate-500">
              {g.containers.length > 0 && (
                <>
                  container{g.containers.length > 1 ? 's' : ''} {g.containers.join(', ')} ·{' '}
                </>
              )}
              {g.examples.map((e, i) => (
                <span key={`${e.name}-${i}`}>
                  {i > 0 && ', '}
                  <Link href={`/pods/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.name)}`} prefetch={false} className="underline">
                    {e.name}
                  </Link>
                </span>
              ))}
              {g.pods > g.examples.length && ` and ${g.pods - g.examples.length} more`}
            </p>
          </div>
          <Link href={listHref(g.id)} className="whitespace-nowrap tabular-nums underline">
            {g.pods} pod{g.pods === 1 ? '' : 's'}
          </Link>
        </li>
      ))}
    </ul>
  );
}
