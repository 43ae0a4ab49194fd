'use client';
import { useState } from 'react';
import type { PodLifecycle } from '@/lib/model/types';
import { formatDateTime } from '@/components/ui/format';
import { KIND_STYLE } from '@/components/ui/kind-badge';
import { GapBands, describeWatchGap } from './gap-bands';
import { LaneLabel } from './lane-label';
import { LaneTrack, type TimelineTip } from './lane-track';
import { TimelineLegend } from './timeline-legend';
import { toTicks } from './time-scale';
import { defaultZoom, toViewWindow, type Zoom } from './view-window';

function Tip({ tip }: { tip: TimelineTip }) {
  const anchor = tip.pct > 65 ? { right: `${100 - tip.pct}%` } : { left: `${tip.pct}%` };
  return (
    <div
      role="tooltip"
      data-testid="timeline-tip"
      className="absolute top-full z-20 mt-1 w-max max-w-sm rounded-md border border-slate-300 bg-white p-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-800"
      style={anchor}
    >
      <p className="font-semibold">{tip.title}</p>
      {tip.lines.map((line) => (
        <p key={line} className="tabular-nums">
          {line}
        </p>
      ))}
    </div>
  );
}

/**
 * The pod's lifecycle as swimlanes: one lane per container in declaration order, on one time axis.
 * The zoom is the caller's when it passes `zoom`/`onZoom` (the pod page keeps it in the URL).
 */
export function Swimlanes({ lifecycle, now, zoom: givenZoom, onZoom }: { lifecycle: PodLifecycle; now: number; zoom?: Zoom; onZoom?: (zoom: Zoom) => void }) {
  // Follows the pod (a kill minutes later widens the view) until the user picks a zoom.
  const [localZoom, setLocalZoom] = useState<Zoom | undefined>();
  const chosenZoom = onZoom ? givenZoom : localZoom;
  const setZoom = onZoom ?? setLocalZoom;
  const zoom = chosenZoom ?? defaultZoom(lifecycle, now);
  const [tip, setTip] = useState<TimelineTip | undefined>();
  const window = toViewWindow(lifecycle, now, zoom);
  if (!window) return <p className="text-sm text-slate-600 dark:text-slate-400">No container of this pod has a recorded time yet.</p>;
  const ticks = toTicks(window);
  const tipFor = (laneId: string) => (tip && tip.id.startsWith(`${laneId}-`) ? <Tip tip={tip} /> : null);

  return (
    <div data-testid="timeline">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span>+0 = {formatDateTime(window.from)} UTC. Hover or focus a bar or marker for exact times.</span>
        <div role="group" aria-label="Zoom" className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(['all', 'startup'] as const).map((z) => (
            <button
              key={z}
              type="button"
              aria-pressed={zoom === z}
              onClick={() => setZoom(z)}
              className={`px-2 py-1 ${zoom === z ? 'bg-slate-200 font-medium dark:bg-slate-700' : ''}`}
            >
              {z === 'all' ? 'Whole life' : 'Startup'}
            </button>
          ))}
        </div>
      </div>
      <div className="grid grid-cols-[16rem_minmax(0,1fr)]">
        <div />
        <div className="relative h-5 border-b border-slate-300 text-[10px] text-slate-500 dark:border-slate-700" aria-hidden>
          {ticks.map((t) => (
            <span key={t.at} className="absolute -translate-x-1/2 tabular-nums first:translate-x-0" style={{ left: `${t.pct}%` }}>
              {t.label}
            </span>
          ))}
        </div>
        {lifecycle.markers.length > 0 && (
          <>
            <div className="flex h-9 items-center text-sm font-medium text-slate-600 dark:text-slate-400">Pod</div>
            <div className="relative border-b border-slate-100 dark:border-slate-800">
              <LaneTrack laneId="pod" segments={[]} markers={lifecycle.markers} window={window} now={now} onTip={setTip} />
              {tipFor('pod')}
            </div>
          </>
        )}
        {lifecycle.lanes.map((lane) => (
          <div
            key={lane.container}
            role="group"
            aria-label={`${lane.container} lane`}
            data-testid="lane"
            data-container={lane.container}
            data-kind={lane.kind}
            data-first-running-at={lane.firstRunningAt?.at}
            data-started-at={lane.startedAt?.at}
            data-ready-at={lane.readyAt?.at}
            className="contents"
          >
            <LaneLabel lane={lane} t0={window.from} />
            <div className={`relative border-b border-slate-100 dark:border-slate-800 ${KIND_STYLE[lane.kind].lane}`}>
              <div aria-hidden className="pointer-events-none absolute inset-0">
                {ticks.map((t) => (
                  <span key={t.at} className="absolute inset-y-0 border-l border-slate-100 dark:border-slate-800" style={{ left: `${t.pct}%` }} />
                ))}
              </div>
              <LaneTrack laneId={`lane-${lane.container}`} segments={lane.segments} markers={lane.markers} window={window} now={now} onTip={setTip} />
              <GapBands gaps={lifecycle.gaps ?? []} window={window} />
              {tipFor(`lane-${lane.container}`)}
            </div>
          </div>
        ))}
      </div>
      {(lifecycle.gaps ?? []).map((gap) => (
        <p key={`${gap.from}-${gap.reason}`} data-testid="gap-note" className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          <span
            aria-hidden
            className="mr-1 inline-block h-3 w-5 align-middle bg-[repeating-linear-gradient(45deg,transparent,transparent_3px,rgba(100,116,139,0.4)_3px,rgba(100,116,139,0.4)_6px)]"
          />
          {describeWatchGap(gap)}.
        </p>
      ))}
      <TimelineLegend />
    </div>
  );
}
