import type { Marker, Segment } from '@/lib/model/types';
import { describeStamp, formatDuration } from '@/components/ui/format';
import { toPct, toSpan, type TimeWindow } from './time-scale';
import { MARKER_GLYPH, SEGMENT_LABEL, segmentClass } from './timeline-style';

/** What the tooltip shows for the hovered or focused item. */
export interface TimelineTip {
  id: string;
  title: string;
  lines: string[];
  pct: number;
}

interface Props {
  laneId: string;
  segments: Segment[];
  markers: Marker[];
  window: TimeWindow;
  /** Where ongoing segments end (the time the page was drawn). */
  now: number;
  onTip: (tip: TimelineTip | undefined) => void;
}

function segmentTip(id: string, segment: Segment, window: TimeWindow, end: number): TimelineTip {
  const lines = [`from ${describeStamp(segment.from)}`, segment.to ? `to ${describeStamp(segment.to)}` : 'ongoing'];
  lines.push(`lasted ${formatDuration(end - segment.from.at)}${segment.to ? '' : ' so far'}`);
  if (segment.reason) lines.push(`reason: ${segment.reason}`);
  if (segment.exitCode !== undefined) lines.push(`exit code ${segment.exitCode}`);
  return { id, title: SEGMENT_LABEL[segment.state], lines, pct: toPct(window, segment.from.at) };
}

function markerTip(id: string, marker: Marker, window: TimeWindow): TimelineTip {
  const lines = [describeStamp(marker.at)];
  if (marker.detail) lines.push(marker.detail);
  return { id, title: marker.label, lines, pct: toPct(window, marker.at.at) };
}

/** The track of one lane: state segments as bars, markers as glyphs above them. */
export function LaneTrack({ laneId, segments, markers, window, now, onTip }: Props) {
  const leave = () => onTip(undefined);
  return (
    <div className="relative h-9">
      {segments.map((segment, i) => {
        const end = segment.to?.at ?? now;
        const span = toSpan(window, segment.from.at, end);
        if (!span) return null;
        const tip = segmentTip(`${laneId}-s${i}`, segment, window, end);
        return (
          <button
            key={`s${i}`}
            type="button"
            data-testid="segment"
            data-state={segment.state}
            aria-label={`${tip.title}: ${tip.lines.join('; ')}`}
            onMouseEnter={() => onTip(tip)}
            onFocus={() => onTip(tip)}
            onMouseLeave={leave}
            onBlur={leave}
            className={`absolute min-w-[2px] ${segment.state === 'terminated' ? 'bottom-2 h-2' : 'bottom-1 z-[1] h-4'} rounded-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 ${segmentClass(segment)}`}
            style={{ left: `${span.left}%`, width: `${span.width}%` }}
          />
        );
      })}
      {markers.map((marker, i) => {
        const pct = toPct(window, marker.at.at);
        if (marker.at.at < window.from || marker.at.at > window.to) return null;
        const glyph = MARKER_GLYPH[marker.kind];
        const tip = markerTip(`${laneId}-m${i}`, marker, window);
        return (
          <button
            key={`m${i}`}
            type="button"
            data-testid="marker"
            data-kind={marker.kind}
            aria-label={`${marker.label}: ${tip.lines.join('; ')}`}
            onMouseEnter={() => onTip(tip)}
            onFocus={() => onTip(tip)}
            onMouseLeave={leave}
            onBlur={leave}
            className={`absolute top-0 -translate-x-1/2 text-[10px] leading-3 focus-visible:outline-2 focus-visible:outline-sky-500 ${glyph.className}`}
            style={{ left: `${pct}%` }}
          >
            {glyph.glyph}
          </button>
        );
      })}
    </div>
  );
}
