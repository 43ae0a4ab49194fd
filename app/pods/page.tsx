import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PodsContainer } from '@/components/pods/pods-container';
import { StatePanel } from '@/components/ui/state-panel';

export const metadata: Metadata = { title: 'Pods' };

export default function PodsPage() {
  return (
    <Suspense fallback={<StatePanel tone="loading" title="Loading pods…" />}>
      <PodsContainer />
    </Suspense>
  );
}
