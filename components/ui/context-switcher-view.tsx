'use client';
import { useState, type FormEvent } from 'react';
import type { ContextEntry } from '@/lib/model/views';

export interface ContextSwitcherViewProps {
  current: string;
  contexts: ContextEntry[];
  /** A switch is under way: the controls are disabled. */
  busy: boolean;
  /** Why the last switch failed, as the server said it. */
  error?: string;
  onSwitch: (context: string) => void;
}

function optionLabel(context: ContextEntry): string {
  return context.cluster === context.name ? context.name : `${context.name} (${context.cluster})`;
}

/**
 * Picks a kubeconfig context: a native select (arrow keys only choose) and a Switch button (the
 * switch restarts the server's watches, so it never happens on a stray keypress). Remount it with
 * `key={current}` so the choice follows a switch made elsewhere.
 */
export function ContextSwitcherView({ current, contexts, busy, error, onSwitch }: ContextSwitcherViewProps) {
  const [chosen, setChosen] = useState(current);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen !== current) onSwitch(chosen);
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-2 text-sm" data-testid="context-switcher">
      <label className="flex items-center gap-2">
        <span className="text-slate-600 dark:text-slate-400">Context</span>
        <select
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          disabled={busy}
          className="max-w-[16rem] rounded-md border border-slate-300 bg-white px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900"
        >
          {contexts.map((context) => (
            <option key={context.name} value={context.name}>
              {optionLabel(context)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={busy || chosen === current}
        className="rounded-md border border-slate-300 px-2.5 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {busy ? 'Switching…' : 'Switch'}
      </button>
      {error !== undefined && (
        <span role="alert" className="max-w-[20rem] truncate text-red-700 dark:text-red-400" title={error}>
          {error}
        </span>
      )}
    </form>
  );
}
