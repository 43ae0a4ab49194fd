import type { ReactNode } from 'react';
import type { LiveLink } from '@/lib/client/live-status';
import { LiveIndicator } from './live-indicator';

/** Title row of a page, with the live indicator of the page's stream. */
export function PageHeader({ title, live, children }: { title: ReactNode; live: LiveLink; children?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 className="truncate text-2xl font-semibold">{title}</h1>
        {children && <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</div>}
      </div>
      <LiveIndicator live={live} />
    </div>
  );
}
