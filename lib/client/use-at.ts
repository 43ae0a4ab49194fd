'use client';
/** The page's moment from the URL (`?at=`), and a setter that keeps the rest of the query. */
import { useCallback } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { parseAtParam } from './time-travel';

export function useAt(): number | undefined {
  return parseAtParam(useSearchParams().get('at'));
}

/** Moves the page to `at` (or back to live with `undefined`), keeping its other parameters. */
export function useSetAt(): (at: number | undefined) => void {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return useCallback(
    (at) => {
      const params = new URLSearchParams(searchParams.toString());
      if (at === undefined) params.delete('at');
      else params.set('at', new Date(at).toISOString());
      const search = params.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );
}
