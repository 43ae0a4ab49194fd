import type { ContainerKind } from '@/lib/model/types';

export const KIND_LABEL: Record<ContainerKind, string> = {
  init: 'init',
  'native-sidecar': 'native sidecar',
  'legacy-sidecar': 'legacy sidecar',
  main: 'main',
};

/** Kind colours: used by badges, lane stripes and chart legends alike. */
export const KIND_STYLE: Record<ContainerKind, { badge: string; stripe: string; lane: string }> = {
  init: { badge: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100', stripe: 'bg-slate-400', lane: 'bg-slate-50 dark:bg-slate-800/40' },
  'native-sidecar': {
    badge: 'bg-violet-100 text-violet-800 dark:bg-violet-900 dark:text-violet-100',
    stripe: 'bg-violet-500',
    lane: 'bg-violet-50 dark:bg-violet-950/40',
  },
  'legacy-sidecar': {
    badge: 'bg-orange-100 text-orange-800 dark:bg-orange-900 dark:text-orange-100',
    stripe: 'bg-orange-500',
    lane: 'bg-orange-50 dark:bg-orange-950/40',
  },
  main: { badge: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100', stripe: 'bg-sky-500', lane: 'bg-sky-50/60 dark:bg-sky-950/30' },
};

export function KindBadge({ kind }: { kind: ContainerKind }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${KIND_STYLE[kind].badge}`}>{KIND_LABEL[kind]}</span>;
}
