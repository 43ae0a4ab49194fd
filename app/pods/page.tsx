import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PodsContainer } from '@/components/pods/pods-container';
import { PAGE_SIZE } from '@/components/pods/pod-columns';
import { StatePanel } from '@/components/ui/state-panel';
import { withBasePath } from '@/lib/client/base-path';
import { parsePodsQuery, toPodsApiPath } from '@/lib/client/pods-query';
import { preloadScript } from '@/lib/client/preload';
import { parseAtParam } from '@/lib/client/time-travel';

export const metadata: Metadata = { title: 'Pods' };

type SearchParams = Record<string, string | string[] | undefined>;

/** The first list page's URL, as the list will ask for it (`PodsList`), from the page's query. */
function firstPageUrl(params: SearchParams): string {
  const reader = { get: (name: string) => [params[name]].flat()[0] ?? null };
  return withBasePath(toPodsApiPath(parsePodsQuery(reader), 0, PAGE_SIZE, parseAtParam(reader.get('at'))));
}

/** The pods list; its first page is requested from the HTML, before the JavaScript loads. */
export default async function PodsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const url = firstPageUrl(await searchParams);
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: preloadScript(url) }} />
      <Suspense fallback={<StatePanel tone="loading" title="Loading pods…" />}>
        <PodsContainer />
      </Suspense>
    </>
  );
}
