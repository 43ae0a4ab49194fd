import { OverviewContainer } from '@/components/overview/overview-container';

export default function OverviewPage() {
  return <OverviewContainer />;
}
