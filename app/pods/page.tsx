import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PodsContainer } from '@/components/pods/pods-container';
import { PAGE_SIZE } from '@/components/pods/pod-columns';
import { StatePanel } from '@/components/ui/state-panel';
import { withBasePath } from '@/lib/client/base-path';
import { toPodsApiPath } from '@/lib/client/pods-query';
import { preloadScript } from '@/lib/client/preload';

export const metadata: Metadata = { title: 'Pods' };

/** The unfiltered list's first page, requested from the (prerendered) HTML before the JavaScript loads. */
const PRELOAD = preloadScript(withBasePath(toPodsApiPath({ namespaces: [] }, 0, PAGE_SIZE)), withBasePath('/pods'));

export default function PodsPage() {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: PRELOAD }} />
      <Suspense fallback={<StatePanel tone="loading" title="Loading pods…" />}>
        <PodsContainer />
      </Suspense>
    </>
  );
}
