import type { ContainerStartupStats } from '@/lib/model/workload-view';
import { KindBadge } from '@/components/ui/kind-badge';
import { DurationHistogram } from './duration-histogram';
import { DurationTrend } from './duration-trend';

/** Per container: start → started and start → ready across replicas, and start → ready over time. */
export function ContainerDurations({ containers }: { containers: ContainerStartupStats[] }) {
  if (containers.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No container has run yet.</p>;
  return (
    <div className="space-y-5">
      {containers.map((c) => (
        <div key={c.container} data-testid="container-durations" data-container={c.container}>
          <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold">
            {c.container} <KindBadge kind={c.kind} />
          </h3>
          <div className="grid gap-4 md:grid-cols-3">
            <DurationHistogram title="container start → started" stats={c.toStarted} testId={`histogram-${c.container}-started`} />
            <DurationHistogram title="container start → ready" stats={c.toReady} testId={`histogram-${c.container}-ready`} />
            <DurationTrend points={c.points} testId={`trend-${c.container}`} />
          </div>
        </div>
      ))}
    </div>
  );
}
