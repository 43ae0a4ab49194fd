import Link from 'next/link';
import type { FindingId } from '@/lib/model/types';
import { Section } from '@/components/ui/section';

/** How many of each finding the cluster has, each a link to the pods list filtered by it. */
export function FindingsByKind({ byId }: { byId: Partial<Record<FindingId, number>> }) {
  const rows = Object.entries(byId)
    .filter((entry): entry is [FindingId, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <Section title="Findings by kind" id="findings-by-kind">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No findings: every pod looks healthy.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {rows.map(([id, count]) => (
            <li key={id}>
              <Link href={`/pods?finding=${id}`} className="flex justify-between gap-3 py-1.5 hover:underline">
                <code>{id}</code>
                <span className="tabular-nums">{count}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
