'use client';
import { useStream } from '@/lib/client/use-stream';
import { useFindingsTimeline, useSummary } from '@/lib/client/use-api';
import { useAt } from '@/lib/client/use-at';
import { useNow } from '@/lib/client/use-now';
import { FindingsTimeline } from '@/components/findings/findings-timeline';
import { Section } from '@/components/ui/section';
import { TimeControl } from '@/components/ui/time-control';
import { PageHeader } from '@/components/ui/page-header';
import { StatePanel } from '@/components/ui/state-panel';
import { MetricsNotice } from '@/components/resources/metrics-notice';
import { ClusterCards } from './cluster-cards';
import { FindingsByKind } from './findings-by-kind';
import { TroubledSidecars } from './troubled-sidecars';
import { FleetPanel } from './fleet-panel';
import { StartupTaxTable } from './startup-tax-table';
import { PermissionsBanner } from './permissions-banner';
import { RightSizingTable } from './right-sizing-table';

/** The overview page: one stream, the cluster summary, every panel fed from it. */
export function OverviewContainer() {
  const live = useStream();
  const at = useAt();
  const { data: summary, error, isLoading } = useSummary(at);
  const { data: current } = useSummary();
  const history = current?.history;
  // The day up to the moment shown (live: to the end of this minute, so the key changes once a minute).
  const endOfMinute = (Math.floor(useNow(60_000) / 60_000) + 1) * 60_000;
  const end = at ?? endOfMinute;
  const recording = history !== undefined && history.state !== 'off';
  // A day, or less when the history holds less (a young demo's few minutes fill the chart).
  const from = Math.max(end - 86_400_000, (history?.oldest ?? 0) - 60_000);
  const { data: timeline } = useFindingsTimeline(recording ? { from, to: at === undefined ? end : Math.min(at + 3_600_000, endOfMinute) } : null);
  const subtitle = summary
    ? `${summary.cluster.name} · ${summary.cluster.mode}${summary.cluster.version ? ` · Kubernetes ${summary.cluster.version}` : ''}`
    : undefined;

  return (
    <div className="space-y-5">
      <PageHeader title="Overview" live={live}>
        {subtitle}
      </PageHeader>
      {error && !summary && (
        <StatePanel tone="error" title="Could not load the cluster summary.">
          <p>{error.message}</p>
          <p>Check that the dashboard server is running and can reach the cluster; this page retries when the stream reconnects.</p>
        </StatePanel>
      )}
      {isLoading && !summary && <StatePanel tone="loading" title="Reading the cluster…" />}
      <TimeControl history={history} />
      {summary && (
        <>
          <PermissionsBanner missing={summary.permissions?.missing} />
          {!summary.metrics.available && at === undefined && <MetricsNotice reason={summary.metrics.reason} />}
          {summary.cluster.nativeSidecars === false && (
            <StatePanel tone="empty" title="This cluster does not run native sidecars.">
              <p>Native sidecars (init containers with restartPolicy: Always) need Kubernetes 1.29 or later.</p>
            </StatePanel>
          )}
          <ClusterCards pods={summary.pods} findings={summary.findings.bySeverity} />
          <div className="grid gap-5 lg:grid-cols-2">
            <TroubledSidecars findings={summary.troubled} />
            <FindingsByKind byId={summary.findings.byId} />
          </div>
          <FleetPanel fleet={summary.fleet} workloads={summary.workloads} metricsAvailable={summary.metrics.available} />
          <StartupTaxTable workloads={summary.workloads} />
          {timeline && (
            <Section title="Findings timeline" id="findings-timeline">
              <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
                When each finding was raised and cleared over the last day (or since history began){at === undefined ? '' : ' up to the moment shown'}, per
                workload. A pod opens as it was when its finding was raised.
              </p>
              <FindingsTimeline timeline={timeline} at={at} />
            </Section>
          )}
          <RightSizingTable />
        </>
      )}
    </div>
  );
}
