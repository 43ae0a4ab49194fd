'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ContextSwitcher } from './context-switcher';
import { GlobalShortcuts } from './global-shortcuts';
import { ThemeToggle } from './theme-toggle';

const LINKS = [
  { href: '/', label: 'Overview', isActive: (path: string) => path === '/' },
  { href: '/pods', label: 'Pods', isActive: (path: string) => path.startsWith('/pods') },
];

/** The bar on every page: product name, the two sections, the context switcher (local mode), the theme toggle. */
export function AppNav() {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900">
      <nav aria-label="Main" className="mx-auto flex max-w-[1400px] items-center gap-6 px-6 py-3">
        {/* No prefetch: each visit would otherwise fetch both sections' RSC payloads while the page loads its own data. */}
        <Link href="/" prefetch={false} className="font-semibold tracking-tight">
          Sidecarscope
        </Link>
        <ul className="flex gap-1">
          {LINKS.map((link) => {
            const active = link.isActive(pathname);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  prefetch={false}
                  aria-current={active ? 'page' : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm ${active ? 'bg-slate-200 font-medium dark:bg-slate-800' : 'hover:bg-slate-200/60 dark:hover:bg-slate-800/60'}`}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="ml-auto flex items-center gap-3">
          <ContextSwitcher />
          <ThemeToggle />
        </div>
        <GlobalShortcuts />
      </nav>
    </header>
  );
}
