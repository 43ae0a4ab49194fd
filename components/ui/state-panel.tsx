import type { ReactNode } from 'react';

type Tone = 'loading' | 'empty' | 'error';

const TONE: Record<Tone, string> = {
  loading: 'border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-300',
  empty: 'border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-300',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100',
};

/** A loading, empty or error state that says what is happening and what to do about it. */
export function StatePanel({ tone, title, children }: { tone: Tone; title: string; children?: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} data-testid={`state-${tone}`} className={`rounded-lg border border-dashed p-4 text-sm ${TONE[tone]}`}>
      <p className="font-medium">
        {tone === 'loading' && <span aria-hidden className="mr-2 inline-block h-2 w-2 animate-pulse rounded-full bg-current" />}
        {title}
      </p>
      {children && <div className="mt-1 space-y-1">{children}</div>}
    </div>
  );
}
