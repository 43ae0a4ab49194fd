'use client';
import { useStream } from '@/lib/client/use-stream';
import { useSummary } from '@/lib/client/use-api';
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
  const { data: summary, error, isLoading } = useSummary();
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
      {summary && (
        <>
          <PermissionsBanner missing={summary.permissions?.missing} />
          {!summary.metrics.available && <MetricsNotice reason={summary.metrics.reason} />}
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
          <RightSizingTable />
        </>
      )}
    </div>
  );
}
