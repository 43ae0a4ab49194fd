import { Suspense } from 'react';
import { OverviewContainer } from '@/components/overview/overview-container';
import { StatePanel } from '@/components/ui/state-panel';

export default function OverviewPage() {
  // The moment shown (`?at=`) is read from the URL on the client.
  return (
    <Suspense fallback={<StatePanel tone="loading" title="Reading the cluster…" />}>
      <OverviewContainer />
    </Suspense>
  );
}
