'use client';
import { useEffect } from 'react';
import { usePathname, useRouter } from 'next/navigation';
import { isTypingTarget, toShortcut } from '@/lib/client/keyboard';

/** `/` focuses the page's search; `Esc` leaves a field (keeping what it holds), else goes back from a pod or workload page. */
export function GlobalShortcuts() {
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const action = toShortcut({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, isTyping: isTypingTarget(focused) });
      if (action === 'focus-search') {
        const search = document.querySelector<HTMLInputElement>('input[type="search"]');
        if (!search) return;
        event.preventDefault();
        search.focus();
      } else if (action === 'blur') {
        // A search box would also clear itself on Esc: leave it, keep the filter (it is in the URL).
        event.preventDefault();
        focused?.blur();
      } else if (action === 'back' && (pathname.startsWith('/pods/') || pathname.startsWith('/workloads/'))) {
        if (window.history.length > 1) router.back();
        else router.push('/pods');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, pathname]);
  return null;
}
