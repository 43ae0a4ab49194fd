'use client';
import { StatePanel } from '@/components/ui/state-panel';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatePanel tone="error" title="This page failed to render.">
      <p>{error.message}</p>
      <button type="button" onClick={reset} className="rounded-md border border-current px-2 py-1">
        Try again
      </button>
    </StatePanel>
  );
}
