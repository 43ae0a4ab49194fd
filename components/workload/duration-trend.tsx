'use client';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DurationPoint } from '@/lib/model/workload-view';
import { formatClock, formatDuration } from '@/components/ui/format';

/** Container start → ready per pod, by when the pod started: a rollout that made it slower shows as a step. */
export function DurationTrend({ points, testId }: { points: DurationPoint[]; testId: string }) {
  const data = points.flatMap((p) => (p.readyMs === undefined ? [] : [{ at: p.at, ms: p.readyMs }]));
  if (data.length < 2) return null;
  return (
    <figure data-testid={testId} data-points={data.length} className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium">start → ready over time (one dot per pod, by pod start)</figcaption>
      <div className="h-32">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 6, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-slate-200 dark:stroke-slate-800" />
            <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(at: number) => formatClock(at)} tick={{ fontSize: 10 }} />
            <YAxis dataKey="ms" type="number" tickFormatter={(ms: number) => formatDuration(ms)} tick={{ fontSize: 10 }} />
            <Tooltip formatter={(value, name) => (name === 'ms' ? formatDuration(Number(value)) : formatClock(Number(value)))} />
            <Scatter data={data} fill="#6366f1" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
