import type { ReactNode } from 'react';
import type { Finding, Severity } from '@/lib/model/types';
import { FindingCard } from './finding-card';

const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** A pod's findings, most severe first. */
export function FindingsList({ findings, extraFor }: { findings: Finding[]; extraFor?: (finding: Finding) => ReactNode }) {
  if (findings.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No findings: nothing about the sidecars of this pod needs attention.</p>;
  }
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <div className="space-y-3">
      {sorted.map((f, i) => (
        <FindingCard key={`${f.id}-${f.container ?? ''}-${i}`} finding={f} extra={extraFor?.(f)} />
      ))}
    </div>
  );
}
