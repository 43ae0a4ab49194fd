import type { ContainerKind, MarkerKind, SegmentState } from '@/lib/model/types';
import { KIND_LABEL, KIND_STYLE } from '@/components/ui/kind-badge';
import { MARKER_GLYPH, SEGMENT_LABEL, SEGMENT_STYLE } from './timeline-style';

const STATES: SegmentState[] = ['waiting', 'running', 'unobserved', 'started', 'ready', 'backoff', 'terminated'];
const KINDS: ContainerKind[] = ['init', 'native-sidecar', 'legacy-sidecar', 'main'];
const MARKERS: MarkerKind[] = ['started', 'ready', 'probe-failed', 'restart', 'oom-killed', 'oom-event', 'killing', 'condition'];

/** Key to the lane stripes, segment colours and marker glyphs. */
export function TimelineLegend() {
  return (
    <div className="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-label="Timeline legend">
      {KINDS.map((kind) => (
        <span key={kind} className="flex items-center gap-1">
          <span className={`h-3 w-1 rounded ${KIND_STYLE[kind].stripe}`} />
          {KIND_LABEL[kind]}
        </span>
      ))}
      {STATES.map((state) => (
        <span key={state} className="flex items-center gap-1">
          <span className={`h-3 w-5 rounded-sm ${SEGMENT_STYLE[state]}`} />
          {SEGMENT_LABEL[state]}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span className="h-3 w-5 rounded-sm bg-red-600" />
        failed / OOM-killed
      </span>
      {MARKERS.map((kind) => (
        <span key={kind} className="flex items-center gap-1">
          <span className={MARKER_GLYPH[kind].className}>{MARKER_GLYPH[kind].glyph}</span>
          {kind}
        </span>
      ))}
    </div>
  );
}
