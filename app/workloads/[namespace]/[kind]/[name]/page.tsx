import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WorkloadContainer } from '@/components/workload/workload-container';
import { StatePanel } from '@/components/ui/state-panel';

interface Props {
  params: Promise<{ namespace: string; kind: string; name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { namespace, kind, name } = await params;
  return { title: `${decodeURIComponent(kind)} ${decodeURIComponent(namespace)}/${decodeURIComponent(name)}` };
}

export default async function WorkloadPage({ params }: Props) {
  const { namespace, kind, name } = await params;
  return (
    <Suspense fallback={<StatePanel tone="loading" title="Loading the workload…" />}>
      <WorkloadContainer namespace={decodeURIComponent(namespace)} kind={decodeURIComponent(kind)} name={decodeURIComponent(name)} />
    </Suspense>
  );
}
