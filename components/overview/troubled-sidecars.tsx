import Link from 'next/link';
import type { Finding } from '@/lib/model/types';
import { Section } from '@/components/ui/section';
import { SeverityBadge } from '@/components/ui/severity-badge';

function podHref(finding: Finding): string {
  return `/pods/${encodeURIComponent(finding.namespace)}/${encodeURIComponent(finding.pod)}`;
}

/** Sidecars crash-looping or OOM-killed right now, each linked to its pod. */
export function TroubledSidecars({ findings }: { findings: Finding[] }) {
  return (
    <Section title="Sidecars in trouble right now" id="troubled-sidecars">
      {findings.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No sidecar is crash-looping or OOM-killed.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {findings.map((finding) => (
            <li key={`${finding.podUid}/${finding.container ?? ''}/${finding.id}`} className="flex items-start gap-2">
              <SeverityBadge severity={finding.severity} />
              <div className="min-w-0">
                <Link href={podHref(finding)} className="font-medium hover:underline">
                  {finding.namespace}/{finding.pod}
                </Link>
                <p className="text-slate-700 dark:text-slate-300">{finding.message}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
