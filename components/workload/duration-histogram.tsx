'use client';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DurationStats } from '@/lib/model/workload-view';
import { formatDuration } from '@/components/ui/format';

interface Props {
  title: string;
  stats: DurationStats;
  testId: string;
}

const binLabel = (fromMs: number) => formatDuration(fromMs);

/** The bin (its label) a duration falls in. */
function binOf(stats: DurationStats, value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bin = stats.bins.find((b) => value >= b.fromMs && value < b.toMs) ?? stats.bins[stats.bins.length - 1];
  return bin ? binLabel(bin.fromMs) : undefined;
}

/** Percentile lines, merged where two fall in the same bin ("p95 p99"). */
function percentileLines(stats: DurationStats): { x: string; label: string }[] {
  const lines = new Map<string, string[]>();
  for (const [name, value] of [
    ['p50', stats.p50],
    ['p95', stats.p95],
    ['p99', stats.p99],
  ] as const) {
    const x = binOf(stats, value);
    if (x !== undefined) lines.set(x, [...(lines.get(x) ?? []), name]);
  }
  return [...lines].map(([x, names]) => ({ x, label: names.join(' ') }));
}

/** Across replicas: how many took how long, with p50/p95/p99 marked. */
export function DurationHistogram({ title, stats, testId }: Props) {
  const data = stats.bins.map((b) => ({ bin: binLabel(b.fromMs), count: b.count, range: `${formatDuration(b.fromMs)}–${formatDuration(b.toMs)}` }));
  return (
    <figure
      data-testid={testId}
      data-samples={stats.samples}
      data-p50={stats.p50}
      data-p95={stats.p95}
      data-p99={stats.p99}
      data-counts={stats.bins.map((b) => b.count).join(',')}
      className="min-w-0"
    >
      <figcaption className="mb-1 flex flex-wrap justify-between gap-2 text-xs">
        <span className="font-medium">{title}</span>
        <span className="tabular-nums text-slate-600 dark:text-slate-400">
          {stats.samples === 0
            ? 'not measured'
            : `${stats.samples} replicas · p50 ${formatDuration(stats.p50)} · p95 ${formatDuration(stats.p95)} · p99 ${formatDuration(stats.p99)}`}
          {stats.resolutionMs !== undefined && stats.resolutionMs >= 1000 && (
            <span title="one end of each duration is a status time, to the second"> · ±{formatDuration(stats.resolutionMs)}</span>
          )}
        </span>
      </figcaption>
      {stats.samples === 0 ? (
        <p className="text-xs text-slate-500">No replica has reached it while the dashboard watched.</p>
      ) : (
        <div className="h-36">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 14, right: 8, bottom: 0, left: -24 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-slate-200 dark:stroke-slate-800" />
              <XAxis dataKey="bin" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
              <YAxis allowDecimals={false} tick={{ fontSize: 10 }} />
              <Tooltip
                formatter={(value) => [`${String(value)} replicas`, 'count']}
                labelFormatter={(_label, payload) => String(payload[0]?.payload?.range ?? '')}
              />
              <Bar dataKey="count" fill="#0ea5e9" isAnimationActive={false} />
              {percentileLines(stats).map((line) => (
                <ReferenceLine
                  key={line.x}
                  x={line.x}
                  stroke="#dc2626"
                  strokeDasharray="4 2"
                  label={{ value: line.label, position: 'top', fontSize: 10, fill: '#dc2626' }}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
