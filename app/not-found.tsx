import Link from 'next/link';
import { StatePanel } from '@/components/ui/state-panel';

export default function NotFound() {
  return (
    <StatePanel tone="empty" title="There is no page here.">
      <p>
        Go to the{' '}
        <Link href="/" className="underline">
          overview
        </Link>{' '}
        or the{' '}
        <Link href="/pods" className="underline">
          pods list
        </Link>
        .
      </p>
    </StatePanel>
  );
}
