import type { Severity } from '@/lib/model/types';

export const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'bg-red-100 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  warning: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  info: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
};

const SHORT: Record<Severity, string> = { critical: 'crit', warning: 'warn', info: 'info' };

/** A severity, optionally with a count; `compact` abbreviates it for table cells. */
export function SeverityBadge({ severity, count, compact = false }: { severity: Severity; count?: number; compact?: boolean }) {
  return (
    <span
      title={count !== undefined ? `${count} ${severity}` : severity}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${SEVERITY_STYLE[severity]}`}
    >
      {count !== undefined && <span className="tabular-nums">{count}</span>} {compact ? SHORT[severity] : severity}
    </span>
  );
}
