'use client';
import { useEffect, useRef, useState } from 'react';
import { SIDECAR_KIND_FILTERS, type SidecarKindFilter } from '@/lib/model/contract';
import { FINDING_IDS, SEVERITIES } from '@/lib/model/types';
import type { Facets } from '@/lib/model/views';
import { hasFilters, type PodsQuery } from '@/lib/client/pods-query';

const KIND_LABEL: Record<SidecarKindFilter, string> = {
  'native-sidecar': 'with a native sidecar',
  'legacy-sidecar': 'with a legacy sidecar',
  'any-sidecar': 'with any sidecar',
  none: 'without sidecars',
};

/**
 * Above this many workloads their choices are put into the list only once it is opened (focused or
 * pressed): a busy cluster's 2,000 options took about 100 ms of the list's first render.
 */
const EAGER_WORKLOAD_CHOICES = 200;

const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';

interface Props {
  query: PodsQuery;
  facets?: Facets;
  onChange: (query: PodsQuery) => void;
}

function useDebouncedText(value: string | undefined, onCommit: (text: string) => void) {
  const [text, setText] = useState(value ?? '');
  const [committed, setCommitted] = useState(value);
  if (committed !== value) {
    setCommitted(value);
    setText(value ?? '');
  }
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (text === (value ?? '')) return;
    const timer = setTimeout(() => commit.current(text), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  return [text, setText] as const;
}

/** The filter bar of the pods list. Plain props: the container owns the URL. */
export function PodFilters({ query, facets, onChange }: Props) {
  const [text, setText] = useDebouncedText(query.q, (q) => onChange({ ...query, q: q.trim() || undefined }));
  const namespace = query.namespaces.length === 1 ? query.namespaces[0] : query.namespaces.length > 1 ? '__many' : '';
  const workloads = (facets?.workloads ?? []).filter((w) => query.namespaces.length === 0 || query.namespaces.includes(w.namespace));
  const [workloadsOpened, setWorkloadsOpened] = useState(false);
  const listWorkloads = workloadsOpened || workloads.length <= EAGER_WORKLOAD_CHOICES;
  const openWorkloads = () => setWorkloadsOpened(true);
  const set = <K extends keyof PodsQuery>(key: K, value: PodsQuery[K]) => onChange({ ...query, [key]: value });

  return (
    <form role="search" aria-label="Filter pods" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Search
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="pod, container, image…" className={`${control} w-44`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Namespace
        <select value={namespace} onChange={(e) => set('namespaces', e.target.value ? [e.target.value] : [])} className={`${control} w-40`}>
          <option value="">All namespaces</option>
          {namespace === '__many' && <option value="__many">{query.namespaces.join(', ')}</option>}
          {(facets?.namespaces ?? []).map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Workload
        <select
          value={query.workload ?? ''}
          onChange={(e) => set('workload', e.target.value || undefined)}
          onFocus={openWorkloads}
          onPointerDown={openWorkloads}
          className={`${control} w-52`}
        >
          <option value="">All workloads</option>
          {query.workload && !(listWorkloads && workloads.some((w) => `${w.kind}/${w.name}` === query.workload)) && (
            <option value={query.workload}>{query.workload}</option>
          )}
          {!listWorkloads && (
            <option value="" disabled>
              {workloads.length.toLocaleString('en-US')} workloads: open the list
            </option>
          )}
          {(listWorkloads ? workloads : []).map((w) => (
            <option key={`${w.namespace}/${w.kind}/${w.name}`} value={`${w.kind}/${w.name}`}>
              {w.kind}/{w.name}
              {query.namespaces.length === 1 ? '' : ` (${w.namespace})`}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Finding
        <select
          value={query.finding ?? ''}
          onChange={(e) =>
            set(
              'finding',
              FINDING_IDS.find((id) => id === e.target.value),
            )
          }
          className={`${control} w-52`}
        >
          <option value="">Any or none</option>
          {FINDING_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Severity
        <select
          value={query.severity ?? ''}
          onChange={(e) =>
            set(
              'severity',
              SEVERITIES.find((s) => s === e.target.value),
            )
          }
          className={control}
        >
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Sidecars
        <select
          value={query.kind ?? ''}
          onChange={(e) =>
            set(
              'kind',
              SIDECAR_KIND_FILTERS.find((k) => k === e.target.value),
            )
          }
          className={`${control} w-44`}
        >
          <option value="">All pods</option>
          {SIDECAR_KIND_FILTERS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      {hasFilters(query) && (
        <button type="button" onClick={() => onChange({ namespaces: [], sort: query.sort })} className="rounded-md px-2 py-1.5 text-sm underline">
          Clear filters
        </button>
      )}
    </form>
  );
}
