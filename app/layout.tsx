import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/ui/app-nav';
import { THEME_BOOT_SCRIPT } from '@/components/ui/theme-toggle';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sidecarscope', template: '%s · Sidecarscope' },
  description: 'Startup order, resource use and findings for Kubernetes pods and their sidecars',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-100 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <AppNav />
        <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
      </body>
    </html>
  );
}
