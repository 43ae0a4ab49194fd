'use client';
import { useNow } from '@/lib/client/use-now';
import { useAt, useSetAt } from '@/lib/client/use-at';
import { clampToHistory, fromInputValue, toInputValue } from '@/lib/client/time-travel';
import type { HistoryView } from '@/lib/model/views';
import { formatDateTime } from './format';

const STEPS: [string, number][] = [
  ['−15 min', 15 * 60_000],
  ['−1 h', 3_600_000],
  ['−1 day', 86_400_000],
];

/**
 * Live, or a moment within the history's retention. The moment lives in the URL, so the page can
 * be shared as it is; the overview, the pods list and a pod page read it.
 */
export function TimeControl({ history }: { history: HistoryView | undefined }) {
  const at = useAt();
  const setAt = useSetAt();
  const now = useNow(30_000);
  if (!history || history.state === 'off') {
    return history ? (
      <p className="text-xs text-slate-500" data-testid="history-off">
        History is off: {history.reason}
      </p>
    ) : null;
  }
  const go = (moment: number | undefined) => setAt(moment === undefined ? undefined : clampToHistory(moment, history.oldest, now));
  return (
    <div className="space-y-2">
      <div role="group" aria-label="Time" data-testid="time-control" className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          aria-pressed={at === undefined}
          onClick={() => go(undefined)}
          className={`rounded-md border px-2 py-1 ${at === undefined ? 'border-emerald-600 bg-emerald-50 font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300' : 'border-slate-300 dark:border-slate-700'}`}
        >
          Live
        </button>
        <label className="flex items-center gap-1">
          <span className="text-slate-600 dark:text-slate-400">Moment (UTC)</span>
          <input
            type="datetime-local"
            step={1}
            aria-label="Moment (UTC)"
            value={at === undefined ? '' : toInputValue(at)}
            min={history.oldest === undefined ? undefined : toInputValue(history.oldest)}
            max={toInputValue(now)}
            onChange={(e) => {
              const moment = fromInputValue(e.target.value);
              if (moment !== undefined) go(moment);
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 tabular-nums dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        {STEPS.map(([label, ms]) => (
          <button key={label} type="button" onClick={() => go((at ?? now) - ms)} className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">
            {label}
          </button>
        ))}
        {history.oldest !== undefined && <span className="text-xs text-slate-500">history from {formatDateTime(history.oldest)} UTC</span>}
      </div>
      {at !== undefined && (
        <p
          role="status"
          data-testid="time-travel-banner"
          className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200"
        >
          Showing the cluster as it was at <strong className="tabular-nums">{formatDateTime(at)} UTC</strong>, from the stored history.{' '}
          <button type="button" onClick={() => go(undefined)} className="underline">
            Back to live
          </button>
        </p>
      )}
      {history.state === 'paused' && (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-400">
          History paused since {formatDateTime(history.since)} UTC: {history.reason}. The live view goes on.
        </p>
      )}
    </div>
  );
}
