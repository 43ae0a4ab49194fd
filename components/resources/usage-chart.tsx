'use client';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '@/components/ui/format';
import { niceCeil } from './nice-scale';

export interface UsagePoint {
  at: number;
  value: number;
}

/** Four even steps when they come out round (0/75/150/225/300), else five (0/50/…/250). */
function toTicks(top: number): number[] {
  const parts = Number.isInteger(top / 4) && top >= 4 ? 4 : 5;
  return Array.from({ length: parts + 1 }, (_, i) => (top * i) / parts);
}

/** Share of the limit from which the peak is shown as an alarm. */
const NEAR_LIMIT = 0.9;

interface Props {
  title: string;
  points: UsagePoint[];
  request?: number;
  limit?: number;
  format: (value: number) => string;
  testId: string;
  /** Events drawn as vertical lines (e.g. OOM kills read from Prometheus). */
  markers?: { at: number; label: string }[];
  /** The time axis; default the points' first to last. */
  domain?: [number, number];
  /** Say the request and the limit in the caption (default); off for a share such as throttling. */
  hasBounds?: boolean;
}

/** One resource of one container over time, against its request (dashed) and limit (red). */
export function UsageChart({ title, points, request, limit, format, testId, markers = [], domain, hasBounds = true }: Props) {
  const peak = points.reduce((max, p) => Math.max(max, p.value), 0);
  const top = niceCeil(Math.max(peak, limit ?? 0, request ?? 0) * 1.08);
  const ofLimit = limit !== undefined && limit > 0 ? peak / limit : undefined;
  /** Samples are taken every few seconds: a container OOM-killed at its limit may show a peak a little below it. */
  const nearLimit = ofLimit !== undefined && ofLimit >= NEAR_LIMIT;
  return (
    <figure data-testid={testId} data-peak={peak} data-limit={limit} data-of-limit={ofLimit?.toFixed(3)} className="min-w-0">
      <figcaption className="mb-1 flex justify-between gap-2 text-xs">
        <span className="font-medium">{title}</span>
        <span className={nearLimit ? 'font-semibold text-red-700 dark:text-red-400' : 'text-slate-500'}>
          peak {format(peak)}
          {hasBounds && (request !== undefined ? ` · request ${format(request)}` : ' · no request')}
          {hasBounds && (limit !== undefined ? ` · limit ${format(limit)}` : ' · no limit')}
          {hasBounds && ofLimit !== undefined && ` · peak at ${Math.round(ofLimit * 100)}% of the limit`}
        </span>
      </figcaption>
      <div className="h-36">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="at"
              type="number"
              domain={domain ?? ['dataMin', 'dataMax']}
              scale="time"
              tickFormatter={(at: number) => formatClock(at)}
              tick={{ fontSize: 10, fill: 'currentColor' }}
              minTickGap={40}
            />
            <YAxis domain={[0, top]} ticks={toTicks(top)} tickFormatter={(v: number) => format(v)} tick={{ fontSize: 10, fill: 'currentColor' }} width={52} />
            <Tooltip
              labelFormatter={(at) => `${formatClock(Number(at))} UTC`}
              formatter={(value) => [format(Number(value)), title]}
              contentStyle={{ fontSize: 12, color: '#0f172a' }}
            />
            {request !== undefined && (
              <ReferenceLine
                y={request}
                stroke="#0ea5e9"
                strokeDasharray="6 3"
                label={{ value: 'request', fontSize: 10, fill: '#0ea5e9', position: 'insideTopLeft' }}
              />
            )}
            {limit !== undefined && (
              <ReferenceLine y={limit} stroke="#dc2626" label={{ value: 'limit', fontSize: 10, fill: '#dc2626', position: 'insideTopLeft' }} />
            )}
            {markers.map((m) => (
              <ReferenceLine
                key={`${m.at}-${m.label}`}
                x={m.at}
                stroke="#dc2626"
                strokeWidth={2}
                label={{ value: m.label, fontSize: 10, fill: '#dc2626', position: 'insideTopRight' }}
              />
            ))}
            <Line type="monotone" dataKey="value" stroke="#7c3aed" strokeWidth={2} dot={points.length < 3} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
