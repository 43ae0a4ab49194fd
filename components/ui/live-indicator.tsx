'use client';
import { useNow } from '@/lib/client/use-now';
import { toLiveLabel, type LiveLink, type LiveTone } from '@/lib/client/live-status';
import { formatClock } from './format';

const DOT: Record<LiveTone, string> = {
  ok: 'bg-emerald-500',
  pending: 'bg-slate-400 animate-pulse',
  warn: 'bg-amber-500 animate-pulse',
  error: 'bg-red-600',
};

/** Connected / reconnecting / stale since …, from the page's stream. */
export function LiveIndicator({ live }: { live: LiveLink }) {
  const now = useNow(5_000);
  const label = toLiveLabel(live, now);
  const since = label.since !== undefined && label.tone !== 'ok' ? ` since ${formatClock(label.since)} UTC` : '';
  return (
    <span
      role="status"
      data-testid="live-indicator"
      data-tone={label.tone}
      title={label.detail ?? (label.since !== undefined ? `since ${formatClock(label.since)} UTC` : undefined)}
      className="inline-flex items-center gap-2 rounded-full border border-slate-300 px-3 py-1 text-sm dark:border-slate-700"
    >
      <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${DOT[label.tone]}`} />
      {label.text}
      {since}
    </span>
  );
}
