'use client';
import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { parsePodsQuery, toSearchParams, type PodsQuery } from '@/lib/client/pods-query';
import { useFacets, useSummaryHead } from '@/lib/client/use-api';
import { useAt } from '@/lib/client/use-at';
import { TimeControl } from '@/components/ui/time-control';
import { useStream } from '@/lib/client/use-stream';
import { PageHeader } from '@/components/ui/page-header';
import { PodFilters } from './pod-filters';
import { PodsList } from './pods-list';

/** The pods page: filter state lives in the URL; the list fetches the pages it shows. */
export function PodsContainer() {
  const live = useStream();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = useMemo(() => parsePodsQuery(searchParams), [searchParams]);
  const at = useAt();
  const { data: facets } = useFacets();
  const { data: summary } = useSummaryHead();

  const setQuery = useCallback(
    (next: PodsQuery) => {
      const params = toSearchParams(next);
      // The moment stays when the filters change.
      if (at !== undefined) params.set('at', new Date(at).toISOString());
      const search = params.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname, at],
  );

  return (
    <div className="space-y-4">
      <PageHeader title="Pods" live={live}>
        Filters are kept in the address bar: copy it to share this list.
      </PageHeader>
      <TimeControl history={summary?.history} />
      <PodFilters query={query} facets={facets} onChange={setQuery} />
      <PodsList query={query} at={at} onSort={(sort) => setQuery({ ...query, sort })} onClear={() => setQuery({ namespaces: [] })} />
    </div>
  );
}
