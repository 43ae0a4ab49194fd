import type { ReactNode } from 'react';
import type { Finding } from '@/lib/model/types';
import { SeverityBadge } from '@/components/ui/severity-badge';
import { describeStamp } from '@/components/ui/format';
import { FixBody } from './fix-body';

const BORDER = { critical: 'border-l-red-600', warning: 'border-l-amber-500', info: 'border-l-sky-500' } as const;

/** One finding: what, why, the evidence that triggered it, and a fix to copy (with where its values came from). Critical ones open. */
export function FindingCard({ finding, extra }: { finding: Finding; extra?: ReactNode }) {
  return (
    <details
      open={finding.severity === 'critical'}
      data-testid="finding"
      data-finding={finding.id}
      data-severity={finding.severity}
      className={`group rounded-md border border-l-4 border-slate-200 p-3 dark:border-slate-800 ${BORDER[finding.severity]}`}
    >
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 focus-visible:outline-2 focus-visible:outline-sky-500">
        <span aria-hidden className="text-xs text-slate-500 transition-transform group-open:rotate-90">
          ▶
        </span>
        <SeverityBadge severity={finding.severity} />
        <h3 className="font-medium">{finding.message}</h3>
        <code className="text-xs text-slate-500">{finding.id}</code>
        {finding.container && <span className="text-xs text-slate-500">container {finding.container}</span>}
      </summary>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{finding.explanation}</p>
      {finding.evidence.length > 0 && (
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
          {finding.evidence.map((e, i) => (
            <div key={`${e.label}-${i}`} className="contents">
              <dt className="text-slate-500">{e.label}</dt>
              <dd className="tabular-nums">
                {e.value}
                {e.at && <span className="text-slate-500"> · {describeStamp(e.at)}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <FixBody fix={finding.fix} values={finding.fixValues} />
      {extra}
    </details>
  );
}
