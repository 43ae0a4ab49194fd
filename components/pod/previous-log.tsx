'use client';
import { useState } from 'react';
import { usePreviousLog } from '@/lib/client/use-api';
import { kubectlLogsCommand } from '@/lib/model/logs-command';
import { CopyButton } from '@/components/findings/copy-button';

/**
 * The previous run's log of one container, fetched only when asked (the server reads it only when
 * logs are enabled); the `kubectl logs --previous` command is always there to copy.
 */
export function PreviousLog({ namespace, pod, container }: { namespace: string; pod: string; container: string }) {
  const [open, setOpen] = useState(false);
  const { data, error, isLoading } = usePreviousLog(namespace, pod, container, open);
  const command = kubectlLogsCommand(namespace, pod, container);
  return (
    <div data-testid="previous-log" data-container={container} className="mt-3 rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="font-medium">Log of {container}&apos;s previous run</h4>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          {open ? 'Hide the log' : 'Show the log'}
        </button>
      </div>
      {open && isLoading && <p className="mt-1 text-xs text-slate-500">Reading the log…</p>}
      {open && error && (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400" role="status">
          {error.message}
        </p>
      )}
      {open && data?.enabled === false && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="logs-disabled">
          {data.reason}
        </p>
      )}
      {open &&
        data?.enabled === true &&
        (data.lines.length === 0 ? (
          <p className="mt-1 text-xs text-slate-500">The previous run wrote nothing.</p>
        ) : (
          <>
            {data.truncated && <p className="mt-1 text-xs text-slate-500">The last {data.lines.length} lines:</p>}
            <pre data-testid="previous-log-lines" className="mt-1 max-h-72 overflow-auto rounded bg-slate-950 p-2 text-[11px] leading-4 text-slate-100">
              <code>{data.lines.join('\n')}</code>
            </pre>
          </>
        ))}
      <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        <code data-testid="kubectl-logs-command" className="rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-950">
          {command}
        </code>
        <CopyButton text={command} label="Copy command" />
      </div>
    </div>
  );
}
