import { formatShare } from '@/components/ui/format';

/** One horizontal bar split into sidecars and main containers, with both figures written out. */
export function ShareBar({ label, sidecars, mains, format }: { label: string; sidecars: number; mains: number; format: (n: number) => string }) {
  const total = sidecars + mains;
  const pct = total > 0 ? (sidecars / total) * 100 : 0;
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span>{label}</span>
        <span>
          sidecars {format(sidecars)} ({formatShare(sidecars, total)}) · mains {format(mains)}
        </span>
      </div>
      <div
        role="img"
        aria-label={`${label}: sidecars ${formatShare(sidecars, total)} of ${format(total)}`}
        className="mt-1 flex h-3 overflow-hidden rounded bg-sky-500/80"
      >
        <div className="h-full bg-violet-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
