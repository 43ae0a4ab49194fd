import type { MarkerKind, Segment, SegmentState } from '@/lib/model/types';

export const SEGMENT_LABEL: Record<SegmentState, string> = {
  waiting: 'waiting',
  running: 'running, not started',
  unobserved: 'running (started/ready not observed)',
  started: 'started, not ready',
  ready: 'ready',
  backoff: 'back-off',
  terminated: 'terminated',
};

const HATCH = 'bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgba(0,0,0,0.12)_4px_8px)]';

export const SEGMENT_STYLE: Record<SegmentState, string> = {
  waiting: `bg-slate-200 dark:bg-slate-700 ${HATCH}`,
  running: 'bg-amber-300 dark:bg-amber-500',
  unobserved: `bg-stone-300 dark:bg-stone-600 ${HATCH}`,
  started: 'bg-sky-300 dark:bg-sky-600',
  ready: 'bg-emerald-500 dark:bg-emerald-600',
  backoff: `bg-red-200 dark:bg-red-900 ${HATCH}`,
  terminated: 'bg-slate-400 dark:bg-slate-500',
};

/** Exit code of a process that stopped on SIGTERM: how every container is asked to stop. */
const SIGTERM_EXIT = 143;

/** A terminated segment that did not end cleanly is drawn in red; a stop on SIGTERM is not a failure. */
export function segmentClass(segment: Segment): string {
  const isFailure = segment.exitCode !== undefined ? segment.exitCode !== 0 && segment.exitCode !== SIGTERM_EXIT : /oom|error/i.test(segment.reason ?? '');
  if (segment.state === 'terminated' && (isFailure || /oom/i.test(segment.reason ?? ''))) {
    return 'bg-red-600 dark:bg-red-500';
  }
  return SEGMENT_STYLE[segment.state];
}

export const MARKER_GLYPH: Record<MarkerKind, { glyph: string; className: string }> = {
  created: { glyph: '●', className: 'text-slate-500' },
  scheduled: { glyph: '◇', className: 'text-slate-500' },
  started: { glyph: '▶', className: 'text-sky-600 dark:text-sky-400' },
  ready: { glyph: '✓', className: 'text-emerald-600 dark:text-emerald-400' },
  restart: { glyph: '↻', className: 'text-orange-600 dark:text-orange-400' },
  'oom-killed': { glyph: 'OOM', className: 'text-red-700 dark:text-red-400 font-bold' },
  'oom-event': { glyph: 'oom', className: 'text-red-600 dark:text-red-400 font-semibold' },
  'probe-failed': { glyph: '✕', className: 'text-red-600 dark:text-red-400' },
  killing: { glyph: '⚡', className: 'text-red-600 dark:text-red-400' },
  'back-off': { glyph: '⏸', className: 'text-red-500' },
  terminated: { glyph: '■', className: 'text-slate-700 dark:text-slate-300' },
  condition: { glyph: '◆', className: 'text-indigo-600 dark:text-indigo-400' },
  deleted: { glyph: '⊘', className: 'text-red-700 dark:text-red-400' },
  event: { glyph: '•', className: 'text-slate-600 dark:text-slate-300' },
};
