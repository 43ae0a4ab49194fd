import type { Metadata } from 'next';
import { PodContainer } from '@/components/pod/pod-container';

interface Props {
  params: Promise<{ namespace: string; name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `${decodeURIComponent(namespace)}/${decodeURIComponent(name)}` };
}

export default async function PodPage({ params }: Props) {
  const { namespace, name } = await params;
  return <PodContainer namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
