import type { ShutdownStep } from '@/lib/model/types';
import { KindBadge } from '@/components/ui/kind-badge';
import { describeStamp } from '@/components/ui/format';

/** The order the containers stopped in, once the pod terminates. */
export function ShutdownOrder({ steps }: { steps?: ShutdownStep[] }) {
  if (!steps) return <p className="text-sm text-slate-600 dark:text-slate-400">The pod is not terminating: its containers have not been asked to stop.</p>;
  if (steps.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">The pod is terminating; no container has stopped yet.</p>;
  return (
    <ol className="space-y-1 text-sm" data-testid="shutdown-order">
      {steps.map((step, i) => (
        <li key={step.container} className="flex flex-wrap items-center gap-2">
          <span className="w-5 text-right tabular-nums text-slate-500">{i + 1}.</span>
          <span className="font-medium">{step.container}</span>
          <KindBadge kind={step.kind} />
          <span className="text-xs text-slate-600 dark:text-slate-400">
            {step.finishedAt ? describeStamp(step.finishedAt) : 'still running'}
            {step.reason && ` · ${step.reason}`}
            {step.exitCode !== undefined && ` · exit ${step.exitCode}`}
          </span>
        </li>
      ))}
    </ol>
  );
}
